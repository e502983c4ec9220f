// A strict reader of ovh.conf, the INI file OVHcloud's clients share (python's configparser rules:
// `[section]`, `key = value` or `key: value`, `#`/`;` comment lines, keys case-insensitive).
// Not the `ini` package: it splits section names on dots, and a URL endpoint section such as
// `[http://127.0.0.1:43123/1.0]` must stay whole; it also accepts any line, where we must say which
// line is wrong.
import { OvhConfigError } from "./errors.js";

export type OvhConf = Map<string, Map<string, string>>;

/** Parses ovh.conf text. Throws OvhConfigError naming the file and line of the first malformed line. */
export function parseOvhConf(text: string, file: string): OvhConf {
  const sections: OvhConf = new Map();
  let current: Map<string, string> | undefined;
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) return;
    const where = `${file}, line ${index + 1}`;
    if (line.startsWith("[")) {
      if (!line.endsWith("]") || line.length < 3) {
        throw new OvhConfigError(
          `Malformed section header in ${where}: expected [name], e.g. [default] or [ovh-eu]. Fix or remove the line.`,
        );
      }
      const name = line.slice(1, -1).trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      return;
    }
    const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!match) {
      throw new OvhConfigError(
        `Malformed line in ${where}: expected "key = value" (e.g. endpoint = ovh-eu). Fix or remove the line.`,
      );
    }
    if (!current) {
      throw new OvhConfigError(
        `In ${where}, a setting appears before any [section]. Put endpoint under [default] and ` +
          "credentials under a section named after the endpoint, e.g. [ovh-eu].",
      );
    }
    const key = match[1]!.trim().toLowerCase();
    current.set(key, unquote(match[2]!.trim()));
  });
  return sections;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}
