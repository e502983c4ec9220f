// The credential rule as a table, run against every front end (Pulumi, Terraform, the CLI) and the
// resolver itself: which credential signs, or which refusal, for every combination of layers ×
// methods × complete/partial/mixed sets. Each layer's credentials belong to an account of their own
// (`provider-sig-ovh`, `env-oauth-ovh`, …), so the account the emulator sees names the layer and the
// method that signed.
//
// The rule (README "Credentials"): layers in order resource, provider block (Terraform arguments,
// Pulumi stack config), environment (OVH_*), ovh.conf. The first layer holding any credential field
// supplies the whole set; a partial set there is refused naming what is missing, two methods there are
// refused naming what to remove. Lower layers are never mixed in.

export const LAYERS = ["resource", "provider", "env", "file"] as const;
export type Layer = (typeof LAYERS)[number];
export type Method = "sig" | "oauth";

/** What one layer holds. */
export type Content =
  | "sig" // application key, secret and consumer key
  | "oauth" // client id and secret
  | "sig-partial" // a consumer key alone (the example: the rest was meant to come from below)
  | "oauth-partial" // a client id alone
  | "mixed"; // both complete sets
export const CONTENTS: readonly Content[] = ["sig", "oauth", "sig-partial", "oauth-partial", "mixed"];

/** ovh.conf key names: the canonical names of the credential fields. */
export type Key = "application_key" | "application_secret" | "consumer_key" | "client_id" | "client_secret";
export const SIG_KEYS: readonly Key[] = ["application_key", "application_secret", "consumer_key"];
export const OAUTH_KEYS: readonly Key[] = ["client_id", "client_secret"];

export const KEYS_OF: Record<Content, readonly Key[]> = {
  sig: SIG_KEYS,
  oauth: OAUTH_KEYS,
  "sig-partial": ["consumer_key"],
  "oauth-partial": ["client_id"],
  mixed: [...SIG_KEYS, ...OAUTH_KEYS],
};

export interface Row {
  id: string;
  layers: Partial<Record<Layer, Content>>;
}

export type Outcome =
  /** The account that signed: `${layer}-${method}-ovh`. */
  | { signs: string }
  | { refused: "none" }
  | { refused: "partial"; layer: Layer; missing: readonly Key[]; present: readonly Key[] }
  | { refused: "mixed"; layer: Layer };

export const nicOf = (layer: Layer, method: Method) => `${layer}-${method}-ovh`;

const methodOf = (c: Content): Method => (c === "oauth" || c === "oauth-partial" ? "oauth" : "sig");
const other = (m: Method): Method => (m === "sig" ? "oauth" : "sig");

/**
 * Every layer as the first one holding credentials, with each content, and below it nothing, complete
 * sets of the same method (what a partial set must not borrow from) or of the other method (what must
 * not be refused as a mix); plus no credentials anywhere.
 */
export function credentialRows(): Row[] {
  const rows: Row[] = [];
  LAYERS.forEach((layer, index) => {
    const lower = LAYERS.slice(index + 1);
    for (const content of CONTENTS) {
      const fills: Array<["none" | "same" | "other", Method | undefined]> =
        lower.length === 0
          ? [["none", undefined]]
          : [
              ["none", undefined],
              ["same", methodOf(content)],
              ["other", other(methodOf(content))],
            ];
      for (const [fill, method] of fills) {
        const layers: Row["layers"] = { [layer]: content };
        for (const l of lower) if (method) layers[l] = method;
        rows.push({ id: `${layer}=${content}, below: ${fill}`, layers });
      }
    }
  });
  rows.push({ id: "no credentials anywhere", layers: {} });
  return rows;
}

/** The rule, written out once for the tests: what a row must lead to. */
export function expectedOutcome(row: Row): Outcome {
  const first = LAYERS.find((l) => row.layers[l] !== undefined);
  if (!first) return { refused: "none" };
  const content = row.layers[first]!;
  if (content === "mixed") return { refused: "mixed", layer: first };
  if (content === "sig" || content === "oauth") return { signs: nicOf(first, content) };
  const full = content === "sig-partial" ? SIG_KEYS : OAUTH_KEYS;
  const present = KEYS_OF[content];
  return { refused: "partial", layer: first, present, missing: full.filter((k) => !present.includes(k)) };
}

/** The rows a front end can express: Terraform has no resource layer, the CLI neither that nor a provider block. */
export function rowsFor(layers: readonly Layer[]): Row[] {
  return credentialRows().filter((r) => (Object.keys(r.layers) as Layer[]).every((l) => layers.includes(l)));
}

/** One line for a table of outcomes. */
export function describeOutcome(o: Outcome): string {
  if ("signs" in o) return `signs as ${o.signs}`;
  if (o.refused === "none") return "refused: no credentials";
  if (o.refused === "mixed") return `refused: two methods in ${o.layer}`;
  return `refused: ${o.layer} lacks ${o.missing.join(", ")}`;
}
