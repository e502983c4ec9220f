// The credential rule through the resolver itself, over the whole table (test/support/credential-table):
// every layer as the first one holding credentials, with a complete set of each method, a partial set
// and both methods, above nothing or above complete sets of either method. Layers named as Pulumi names
// them (it has all four); the front ends run the same table in their own *.integ.spec.ts.
import { describe, it } from "vitest";
import { type ExplicitLayer, OvhConfigError, resolveConfig } from "../../provider/ovh/index.js";
import { expectOutcome, PULUMI_SPELLING } from "../support/credential-assert.js";
import {
  credentialRows,
  expectedOutcome,
  KEYS_OF,
  type Layer,
  nicOf,
  type Row,
} from "../support/credential-table.js";
import { CAMEL, envName, type Observation } from "../support/credential-world.js";

/** Each value says where it was put: `env-oauth-ovh/client_id`. */
function valuesOf(row: Row, layer: Layer): Record<string, string> {
  const content = row.layers[layer];
  if (!content) return {};
  return Object.fromEntries(
    KEYS_OF[content].map((k) => [k, `${nicOf(layer, k.startsWith("client") ? "oauth" : "sig")}/${k}`]),
  );
}

function observe(row: Row): Observation {
  const camel = (layer: Layer) =>
    Object.fromEntries(
      Object.entries(valuesOf(row, layer)).map(([k, v]) => [CAMEL[k as keyof typeof CAMEL], v]),
    );
  const layers: ExplicitLayer[] = [
    {
      kind: "resource",
      title: "the resource's credentials",
      name: (f) => `credentials.${f}`,
      values: camel("resource"),
    },
    {
      kind: "provider",
      title: "the stack config",
      name: (f) => `o365-reseller:${f}`,
      values: camel("provider"),
    },
  ];
  const env = Object.fromEntries(
    Object.entries(valuesOf(row, "env")).map(([k, v]) => [envName(k as never), v]),
  );
  const file = Object.entries(valuesOf(row, "file"))
    .map(([k, v]) => `${k} = ${v}`)
    .join("\n");
  try {
    const { auth } = resolveConfig({
      layers,
      env,
      homeDir: "/home/u",
      cwd: "/work",
      readFile: (path) => (path === "/home/u/.ovh.conf" ? `[ovh-eu]\n${file}\n` : undefined),
    });
    const values =
      auth.kind === "signature"
        ? [auth.applicationKey, auth.applicationSecret, auth.consumerKey]
        : [auth.clientId, auth.clientSecret];
    return { signedBy: [...new Set(values.map((v) => v.split("/")[0]!))] };
  } catch (error) {
    if (!(error instanceof OvhConfigError)) throw error;
    return { refusal: error.message };
  }
}

describe("the credential rule, in the resolver", () => {
  it.each(credentialRows().map((row) => [row.id, row] as const))("%s", (_id, row) => {
    expectOutcome(observe(row), expectedOutcome(row), PULUMI_SPELLING);
  });
});
