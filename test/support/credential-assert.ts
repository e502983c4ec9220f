// The assertion every front end's run of the credential table makes: the account the row's rule says
// signs, or the refusal it says, worded in that front end's spelling of the layer and its keys.
import { expect } from "vitest";
import { type Key, type Layer, OAUTH_KEYS, type Outcome, SIG_KEYS } from "./credential-table.js";
import { CAMEL, envName, type Observation } from "./credential-world.js";

/** How a front end names a layer in a sentence, and a key in that layer. */
export interface Spelling {
  title: Partial<Record<Layer, string>>;
  name(layer: Layer, key: Key): string;
}

const COMMON: Pick<Spelling, "title"> = { title: { env: "the environment", file: "ovh.conf" } };
const common = (layer: Layer, key: Key) => (layer === "env" ? envName(key) : key);

export const PULUMI_SPELLING: Spelling = {
  title: { ...COMMON.title, resource: "the resource's credentials", provider: "the stack config" },
  name: (layer, key) =>
    layer === "resource"
      ? `credentials.${CAMEL[key]}`
      : layer === "provider"
        ? `o365-reseller:${CAMEL[key]}`
        : common(layer, key),
};
export const TERRAFORM_SPELLING: Spelling = {
  title: { ...COMMON.title, provider: "the provider arguments" },
  name: common,
};
export const CLI_SPELLING: Spelling = { title: COMMON.title, name: common };

const and = (items: readonly string[]) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function expectOutcome(observed: Observation, expected: Outcome, spelling: Spelling): void {
  if ("signs" in expected) {
    expect(observed).toEqual({ signedBy: [expected.signs] });
    return;
  }
  expect(observed).toHaveProperty("refusal");
  const refusal = (observed as { refusal: string }).refusal;
  if (expected.refused === "none") {
    expect(refusal).toContain("No OVHcloud credentials found.");
    return;
  }
  const { layer } = expected;
  const title = spelling.title[layer]!;
  const names = (keys: readonly Key[]) => keys.map((k) => spelling.name(layer, k));
  if (expected.refused === "partial") {
    const verb = expected.present.length === 1 ? "is" : "are";
    // ovh.conf names the file and section it read between the layer and the keys.
    const where = layer === "file" ? " \\([^)]*\\)" : "";
    expect(refusal).toMatch(
      new RegExp(
        `In ${literal(title)}${where}, ${literal(and(names(expected.present)))} ${verb} set but not ${literal(and(names(expected.missing)))}\\. A credential set comes whole from one place`,
      ),
    );
    return;
  }
  expect(refusal).toContain(
    `Two authentication methods are configured at once in ${title}: an application key set ` +
      `(${names(SIG_KEYS).join(", ")}) and OAuth2 client credentials (${names(OAUTH_KEYS).join(", ")}).`,
  );
  const drop = layer === "env" ? "unset" : "remove";
  expect(refusal).toContain(`To sign with the application key, ${drop} ${and(names(OAUTH_KEYS))}`);
  expect(refusal).toContain(`to use the OAuth2 service account, ${drop} ${and(names(SIG_KEYS))}`);
}
