// The credential table as a suite for one front end: for every row it can express, the account that
// signs is the one the rule names (the emulator's call log says whose credentials reached it), or the
// refusal is the one the rule names, in that front end's words.
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  CLI_SPELLING,
  expectOutcome,
  PULUMI_SPELLING,
  type Spelling,
  TERRAFORM_SPELLING,
} from "./credential-assert.js";
import {
  cliFrontEnd,
  type FrontEnd,
  LAYERS_OF,
  pulumiFrontEnd,
  terraformFrontEnd,
} from "./credential-front-ends.js";
import { expectedOutcome, rowsFor } from "./credential-table.js";
import { type CredentialWorld, startCredentialWorld } from "./credential-world.js";

const FRONT_ENDS: Record<
  keyof typeof LAYERS_OF,
  { start: (world: CredentialWorld) => Promise<FrontEnd>; spelling: Spelling }
> = {
  pulumi: { start: pulumiFrontEnd, spelling: PULUMI_SPELLING },
  terraform: { start: terraformFrontEnd, spelling: TERRAFORM_SPELLING },
  cli: { start: cliFrontEnd, spelling: CLI_SPELLING },
};

export function credentialRuleSuite(kind: keyof typeof LAYERS_OF): void {
  const { start, spelling } = FRONT_ENDS[kind];
  let world: CredentialWorld;
  let front: FrontEnd;
  beforeAll(async () => {
    world = await startCredentialWorld();
    front = await start(world);
  });
  afterAll(async () => {
    await front?.close();
    await world?.close();
  });
  describe("the credential rule", () => {
    it.each(rowsFor(LAYERS_OF[kind]).map((row) => [row.id, row] as const))("%s", async (_id, row) => {
      expectOutcome(await front.run(row), expectedOutcome(row), spelling);
    });
  });
}
