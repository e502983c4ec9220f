// Open enums: how the generated models read an enum of OVHcloud's schema in an answer.
//
// OVHcloud adds values to its enums without a new API version (between 2024 and 2026 it added
// `autorenewInProgress` to service.StateEnum, `inCreation` to the lifecycle states, and more). A closed
// enum would turn such an answer into a failed read, and a failed read after an order was paid is the
// worst outcome this project has. So an enum in an answer accepts any string, typed as the published
// literals plus `string & {}`: TypeScript still offers the known values, but a `switch` or an equality
// test cannot pretend the list is complete, and code must say what it does with a value it does not
// know. A value outside the published list is collected while the answer is parsed, so that the client
// can say once that OVHcloud answered it (collectUnknownEnumValues).
//
// Request bodies, and the emulator, use the closed list (`…Values` beside each open enum): we only ever
// send what OVHcloud publishes.
import { z } from "zod";

/** A published enum's values, plus any string OVHcloud may add later. */
export type OpenEnum<Known extends string> = Known | (string & {});

export interface UnknownEnumValue {
  /** The enum's id in OVHcloud's schema, e.g. `saas.csp2.ServiceStateEnum`. */
  enumId: string;
  value: string;
  /** The published values. */
  known: readonly string[];
}

let collecting: UnknownEnumValue[] | undefined;

/** An enum of an answer: any string is accepted; one outside `values` is collected (see above). */
export function openEnum<const V extends readonly [string, ...string[]]>(enumId: string, values: V) {
  const known = new Set<string>(values);
  return z.string().transform((value): OpenEnum<V[number]> => {
    if (!known.has(value)) collecting?.push({ enumId, value, known: values });
    return value;
  });
}

/**
 * Runs a synchronous parse and returns what it returned together with the enum values outside the
 * published lists that it met. Parsing with zod is synchronous, so no other parse can interleave.
 */
export function collectUnknownEnumValues<T>(parse: () => T): { result: T; unknown: UnknownEnumValue[] } {
  const outer = collecting;
  const unknown: UnknownEnumValue[] = [];
  collecting = unknown;
  try {
    return { result: parse(), unknown };
  } finally {
    collecting = outer;
    outer?.push(...unknown);
  }
}

/** Whether `value` is one of the published `values` (narrows the open type to the known literals). */
export function isKnown<const V extends readonly string[]>(values: V, value: string): value is V[number] {
  return (values as readonly string[]).includes(value);
}
