// What the credential rule says when it refuses, in the words of the layer the problem is in: Pulumi
// stack config keys, Terraform argument names, environment variables, ovh.conf keys and files. Never a
// value: only names and places.
import { type ConfigKey, OAUTH2_KEYS, SIGNATURE_KEYS } from "./config-keys.js";
import { type Found, type Layer, listOf } from "./config-layers.js";

const nameIn = (layer: Layer, key: ConfigKey) => layer.name(key) ?? key;

/** What to do so that these values no longer count, grouped per place: "unset A and B", "remove c from F [s]". */
export function removal(found: ReadonlyMap<ConfigKey, Found>, keys: readonly ConfigKey[]): string {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const { source } = found.get(key)!;
    const [where, item] =
      source.kind === "env"
        ? ["unset", source.variable]
        : source.kind === "file"
          ? [`from ${source.file} [${source.section}]`, key]
          : source.kind === "explicit"
            ? ["remove", source.name]
            : ["remove", key];
    groups.set(where, [...(groups.get(where) ?? []), item]);
  }
  return listOf(
    [...groups].map(([where, items]) =>
      where === "unset"
        ? `unset ${listOf(items)}`
        : where === "remove"
          ? `remove ${listOf(items)}`
          : `remove ${listOf(items)} ${where}`,
    ),
  );
}

const order = (layers: readonly Layer[]) =>
  layers.length > 1 ? ` (${layers.map((l) => l.place).join(", else ")})` : "";

/**
 * The first layer holding credentials holds only part of a set: name what it has and what it lacks, in
 * its own spelling, and the two ways out (complete it there, or remove it to use the layers below).
 */
export function partialSet(
  layers: readonly Layer[],
  index: number,
  found: ReadonlyMap<ConfigKey, Found>,
  set: readonly ConfigKey[],
  section: string,
): string {
  const layer = layers[index]!;
  const has = set.filter((k) => found.has(k));
  const lacks = set.filter((k) => !found.has(k));
  const names = (keys: readonly ConfigKey[]) => listOf(keys.map((k) => nameIn(layer, k)));
  // ovh.conf: the file and section the present keys were read from (the last one read wins).
  const read = [
    ...new Set(
      has.flatMap((k) => {
        const s = found.get(k)!.source;
        return s.kind === "file" ? [`${s.file} [${s.section}]`] : [];
      }),
    ),
  ];
  const where = read.length > 0 ? ` (${read.join(", ")})` : "";
  const complete =
    layer.kind === "env"
      ? `set ${names(lacks)} too`
      : layer.kind === "file"
        ? `add ${names(lacks)} to ${read.at(-1) ?? `[${section}]`}`
        : `add ${names(lacks)} there`;
  const below = layers.slice(index + 1).filter((l) => l.holdsCredentials);
  const instead =
    below.length > 0
      ? `, or ${removal(found, has)} to take the whole set from ${listOf(
          below.map((l) => l.place),
          "or",
        )}`
      : "";
  return (
    `In ${layer.title}${where}, ${names(has)} ${has.length === 1 ? "is" : "are"} set but not ${names(lacks)}. ` +
    `A credential set comes whole from one place${order(layers.filter((l) => l.holdsCredentials))}: ` +
    `${complete}${instead}.`
  );
}

/** The first layer holding credentials holds both methods: name both sets and what to remove for each. */
export function mixedSets(layer: Layer, found: ReadonlyMap<ConfigKey, Found>): string {
  const signature = SIGNATURE_KEYS.filter((k) => found.has(k));
  const oauth = OAUTH2_KEYS.filter((k) => found.has(k));
  const list = (keys: readonly ConfigKey[]) => keys.map((k) => nameIn(layer, k)).join(", ");
  return (
    `Two authentication methods are configured at once in ${layer.title}: an application key set ` +
    `(${list(signature)}) and OAuth2 client credentials (${list(oauth)}). OVHcloud's tools refuse this ` +
    "mix, and so does o365-reseller: keep one. " +
    `To sign with the application key, ${removal(found, oauth)}; ` +
    `to use the OAuth2 service account, ${removal(found, signature)}.`
  );
}

/** No layer holds any credential: every place, in order, in its own spelling. */
export function noCredentials(layers: readonly Layer[], section: string): string {
  const places = layers.filter((l) => l.holdsCredentials && l.suggested && l.kind !== "resource");
  const sets = (layer: Layer, explain: boolean) => {
    const named = (keys: readonly ConfigKey[]) =>
      keys.map((k) => layer.name(k)).filter((n) => n !== undefined);
    const signature = named(SIGNATURE_KEYS);
    const oauth = named(OAUTH2_KEYS);
    const parts = [
      signature.length > 0
        ? `${listOf(signature)}${explain ? " (an API application and a validated consumer key)" : ""}`
        : "",
      oauth.length > 0 ? `${listOf(oauth)}${explain ? " (an OAuth2 service account)" : ""}` : "",
    ].filter((p) => p !== "");
    return parts.join(", or ");
  };
  const clauses = places.map((layer, i) => {
    const first = i === 0;
    if (layer.kind === "file") {
      const inFile = `the [${layer.section ?? section}] section of ovh.conf (${layer.fileList})`;
      return first ? `Put them in ${inFile}: ${sets(layer, true)}` : `or put them in ${inFile}`;
    }
    if (layer.kind === "env") {
      return first
        ? `Set ${sets(layer, true)}`
        : `or, instead, the environment variables ${sets(layer, false)}`;
    }
    return `${first ? "Set" : "or"} ${layer.title} ${sets(layer, first)}`;
  });
  return `No OVHcloud credentials found. ${clauses.join("; ")}.`;
}
