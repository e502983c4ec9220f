// The credential rule (test/support/credential-table.ts) through the CLI: the account connection of o365r (the default account of OVH_* and ovh.conf), asked who it is, against the emulator: for every
// row this front end can express, the account that signs is the one the rule names (the emulator's call
// log says whose credentials reached it), or the refusal is the one it names, in this front end's words.
import { afterAll, beforeAll, describe, it } from "vitest";
import { CLI_SPELLING, expectOutcome } from "../support/credential-assert.js";
import { cliFrontEnd, type FrontEnd, LAYERS_OF } from "../support/credential-front-ends.js";
import { expectedOutcome, rowsFor } from "../support/credential-table.js";
import { type CredentialWorld, startCredentialWorld } from "../support/credential-world.js";

let world: CredentialWorld;
let front: FrontEnd;

beforeAll(async () => {
  world = await startCredentialWorld();
  front = await cliFrontEnd(world);
});
afterAll(async () => {
  await front?.close();
  await world?.close();
});

describe("the credential rule", () => {
  it.each(rowsFor(LAYERS_OF.cli).map((row) => [row.id, row] as const))("%s", async (_id, row) => {
    expectOutcome(await front.run(row), expectedOutcome(row), CLI_SPELLING);
  });
});
