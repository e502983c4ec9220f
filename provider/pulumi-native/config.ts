// The provider resource's inputs (`pulumi:providers:o365reseller`): the credentials of one OVHcloud
// account and the client's pace. An explicit provider takes them as inputs (`new o365reseller.Provider`),
// the default provider from the stack config `o365reseller:*`; both fall back to OVH_* and ovh.conf,
// by the one config resolver (provider/ovh/config.ts). CheckConfig refuses what cannot be used, per
// property; DiffConfig never replaces (new credentials change no tenant); Configure hands the values
// to the session layer the dynamic provider's handlers read (provider/pulumi/session.ts).
import { inspectConfig } from "../ovh/index.js";
import {
  CONFIG_NAMESPACE,
  configureFromStack,
  type ProviderLayerNaming,
  unknownStackKeys,
} from "../pulumi/session.js";
import { hasUnknown, type Props } from "../pulumi/wire.js";
import { PACKAGE, PROVIDER_INPUTS } from "./schema.js";

export interface Failure {
  property: string;
  reason: string;
}

/** Keys the engine itself puts among a provider's inputs (never the user's). */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

/** Default providers are named `default` or `default_<version>` by the engine. */
export function isDefaultProvider(urn: string): boolean {
  return /^default(_|$)/.test(urn.split("::").pop() ?? "");
}

/** How messages name the provider's inputs: the stack config of a default provider, else the inputs. */
export function namingFor(urn: string): ProviderLayerNaming {
  return isDefaultProvider(urn)
    ? { title: "the stack config", name: (field) => `${PACKAGE}:${field}` }
    : { title: "the provider's inputs", name: (field) => field };
}

/** The provider's values as strings (codegen sends non-string provider inputs JSON-encoded). */
function valuesOf(news: Props): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of PROVIDER_INPUTS) {
    const v = news[key];
    if (v === undefined || v === null) continue;
    out[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/** Per property: unknown inputs, values of the wrong type, and credentials that cannot be used. */
export function checkConfig(urn: string, news: Props, env: NodeJS.ProcessEnv = process.env): Failure[] {
  const naming = namingFor(urn);
  const failures: Failure[] = [];
  const given = Object.keys(news).filter((k) => !ENGINE_KEYS.has(k) && !k.startsWith("__"));
  // The dynamic provider's list of settings is the same as this provider's inputs: its check of
  // misspelt stack config keys (with the key meant) serves here too.
  const unknown = unknownStackKeys(given.map((k) => `${CONFIG_NAMESPACE}:${k}`)).map((u) => ({
    key: u.key.slice(CONFIG_NAMESPACE.length + 1),
    meant: u.meant?.slice(CONFIG_NAMESPACE.length + 1),
  }));
  for (const { key, meant } of unknown) {
    failures.push({
      property: key,
      reason:
        `${naming.name(key)} is not a setting of the ${PACKAGE} provider${meant ? `; did you mean ${naming.name(meant)}?` : "."} ` +
        `Settings: ${PROVIDER_INPUTS.map((k) => naming.name(k)).join(", ")}.`,
    });
  }
  for (const key of PROVIDER_INPUTS) {
    const v = news[key];
    if (v === undefined || v === null || hasUnknown(v)) continue;
    if (key === "requestsPerMinute") {
      const n = Number(v);
      if (!(Number.isFinite(n) && n > 0))
        failures.push({
          property: key,
          reason: `must be a number of requests per minute > 0, not ${JSON.stringify(v)}`,
        });
    } else if (typeof v !== "string") {
      failures.push({ property: key, reason: "must be a string" });
    }
  }
  // Credentials not known yet (a preview, from another resource's output): checked when they are.
  if (failures.length > 0 || PROVIDER_INPUTS.some((k) => hasUnknown(news[k]))) return failures;
  const values = valuesOf(news);
  const report = inspectConfig({
    layers: [{ kind: "provider", title: naming.title, name: naming.name, values }],
    env,
  });
  if (report.problems.length > 0) {
    // Which input a problem is about, when it names one; else the reason stands alone.
    const about = PROVIDER_INPUTS.find((k) => report.problems.some((p) => p.includes(naming.name(k))));
    failures.push({ property: about ?? "", reason: report.problems.join(" ") });
  }
  return failures;
}

/** A change of credentials or pace: an update of the provider, never a replacement of its resources. */
export function configChanged(olds: Props, news: Props): boolean {
  return PROVIDER_INPUTS.some((k) => JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
}

/** Configure: the provider's values become the session's provider layer, named for this provider. */
export function configure(urn: string, args: Props): void {
  const values = valuesOf(args);
  configureFromStack((key) => {
    const field = key.startsWith(`${CONFIG_NAMESPACE}:`) ? key.slice(CONFIG_NAMESPACE.length + 1) : key;
    return values[field];
  }, namingFor(urn));
}
