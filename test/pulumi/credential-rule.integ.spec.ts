// The credential rule (test/support/credential-table.ts) through Pulumi: configure and check through Pulumi's dynamic-provider host (test/pulumi/host.ts), as the engine drives them, against the emulator: for every
// row this front end can express, the account that signs is the one the rule names (the emulator's call
// log says whose credentials reached it), or the refusal is the one it names, in this front end's words.
import { afterAll, beforeAll, describe, it } from "vitest";
import { expectOutcome, PULUMI_SPELLING } from "../support/credential-assert.js";
import { type FrontEnd, LAYERS_OF, pulumiFrontEnd } from "../support/credential-front-ends.js";
import { expectedOutcome, rowsFor } from "../support/credential-table.js";
import { type CredentialWorld, startCredentialWorld } from "../support/credential-world.js";

let world: CredentialWorld;
let front: FrontEnd;

beforeAll(async () => {
  world = await startCredentialWorld();
  front = await pulumiFrontEnd(world);
});
afterAll(async () => {
  await front?.close();
  await world?.close();
});

describe("the credential rule", () => {
  it.each(rowsFor(LAYERS_OF.pulumi).map((row) => [row.id, row] as const))("%s", async (_id, row) => {
    expectOutcome(await front.run(row), expectedOutcome(row), PULUMI_SPELLING);
  });
});
