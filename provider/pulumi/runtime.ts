// The provider's run-time entry point. The serialized provider in the state is a few lines that import
// this module by URL at run time (./serialized.ts) and hand every call to `invoke`; all the work, and
// every dependency (the core, the API client, undici, zod), lives behind it, so nothing of it is
// captured into the state, and a provider upgrade takes effect on refresh and destroy too.
import { log, setLogSink } from "./engine-log.js";
import { quietHostEcho } from "./errors.js";
import { closeSessions, configureFromStack, unknownStackKeys } from "./session.js";
import type { Handler, Props } from "./shared.js";
import { subscriptionHandler } from "./subscription-handler.js";
import { tenantHandler } from "./tenant-handler.js";

export type ResourceKind = "tenant" | "subscription";
export type Operation = "check" | "diff" | "create" | "read" | "update" | "delete";

/** Bumped when the contract between serialized providers and this module changes. */
export const RUNTIME_PROTOCOL = 1;

const handlers: Record<ResourceKind, Handler> = { tenant: tenantHandler, subscription: subscriptionHandler };

quietHostEcho();

/** The provider's configure step: the stack config reader of the dynamic-provider host. */
export function configure(config: { get(key: string): unknown; rawConfig?: unknown } | undefined): void {
  if (!config) return;
  configureFromStack((key) => {
    const value = config.get(key);
    return typeof value === "string" ? value : undefined;
  });
  warnUnknownKeys(config.rawConfig);
}

const warned = new Set<string>();

/**
 * A misspelt `o365-reseller:*` key would otherwise be ignored in silence (and the credentials taken
 * from elsewhere): one warning per key and process. The host's config object keeps every key of the
 * stack config in `rawConfig`; only names are read, never values.
 */
function warnUnknownKeys(raw: unknown): void {
  if (typeof raw !== "object" || raw === null) return;
  for (const { key, meant } of unknownStackKeys(Object.keys(raw))) {
    if (warned.has(key)) continue;
    warned.add(key);
    void log(
      "warning",
      `The stack config key ${key} is not one o365-reseller reads and is ignored${meant ? `; did you mean ${meant}?` : "."} ` +
        "Known keys: o365-reseller:endpoint, :applicationKey, :applicationSecret, :consumerKey, :clientId, :clientSecret, :requestsPerMinute.",
    );
  }
}

/** One provider method of one resource kind, on the host's wire values. */
export function invoke(kind: ResourceKind, operation: Operation, args: unknown[]): Promise<unknown> {
  const handler = handlers[kind];
  if (!handler) throw new Error(`o365-reseller: unknown resource kind ${String(kind)}`);
  const a = args as [never, never, never];
  switch (operation) {
    case "check":
      return handler.check(a[0] ?? {}, a[1] ?? {});
    case "diff":
      return handler.diff(a[0], a[1] ?? {}, a[2] ?? {});
    case "create":
      return handler.create(a[0] ?? {});
    case "read":
      return handler.read(a[0], (a[1] as Props | undefined) ?? {});
    case "update":
      return handler.update(a[0], a[1] ?? {}, a[2] ?? {});
    case "delete":
      return handler.delete(a[0], a[1] ?? {});
    default:
      throw new Error(`o365-reseller: unknown operation ${String(operation)}`);
  }
}

export { closeSessions, setLogSink };
