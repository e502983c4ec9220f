// The provider's private bytes (tfplugin6 `private`): the engine keeps them with an object's state and
// hands them back, unread. They carry the core's plain data from one step to the next:
// - ReadResource (refresh) stores what it observed; the engine passes it as `prior_private` to the
//   plan of the same run, also to the plan it repeats when applying a saved plan (the plan file keeps
//   the refreshed state with its private bytes), so that plan need not read again;
// - PlanResourceChange stores the plan as `planned_private`; ApplyResourceChange carries out exactly
//   that plan.
// JSON with a kind and a version; anything else (bytes of an older provider, none) reads as absent.
const VERSION = 1;

type Kind = "tenant" | "subscription";

export function encodePrivate(kind: Kind, what: "observed" | "plan", data: unknown): Buffer {
  return Buffer.from(JSON.stringify({ o365r: VERSION, kind, what, data }), "utf8");
}

export function decodePrivate<T>(
  bytes: Uint8Array | undefined,
  kind: Kind,
  what: "observed" | "plan",
): T | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(bytes).toString("utf8")) as {
      o365r?: unknown;
      kind?: unknown;
      what?: unknown;
      data?: unknown;
    };
    if (parsed.o365r !== VERSION || parsed.kind !== kind || parsed.what !== what) return undefined;
    return parsed.data as T;
  } catch {
    return undefined;
  }
}
