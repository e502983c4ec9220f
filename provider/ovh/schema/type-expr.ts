// Type expressions of OVHcloud's schema, parsed into a small tree. The grammar, as the published files
// use it: a primitive (`string`, `long`, `datetime`, …), a model id (`saas.csp2.OfficeTenant`), a generic
// instance (`complexType.SafeKeyValue<string>`), a list written either way (`long[]` or `[]long`), a map
// with string keys (`map[string]T`), or a type parameter (`T`) inside a generic model.

export type TypeExpr =
  | { kind: "primitive"; name: Primitive }
  | { kind: "model"; id: string; args: TypeExpr[] }
  | { kind: "array"; of: TypeExpr }
  | { kind: "map"; of: TypeExpr }
  | { kind: "param"; name: string };

/** The scalar types the published files use, and how each travels in JSON. */
export const PRIMITIVES = {
  string: "string",
  text: "string",
  password: "string",
  phoneNumber: "string",
  ip: "string",
  ipBlock: "string",
  uuid: "string",
  date: "string",
  datetime: "string",
  duration: "string",
  long: "integer",
  int: "integer",
  double: "number",
  float: "number",
  boolean: "boolean",
  void: "void",
} as const;
export type Primitive = keyof typeof PRIMITIVES;

export function isPrimitive(name: string): name is Primitive {
  return Object.hasOwn(PRIMITIVES, name);
}

/**
 * Parses a type expression. `params` names the type parameters in scope (inside a generic model).
 * A core alias such as `coreTypes.ServiceId:long` is read as its underlying type (after the colon).
 */
export function parseType(text: string, params: readonly string[] = []): TypeExpr {
  const t = text.trim();
  if (t === "") throw new Error("empty type expression");
  if (t.startsWith("[]")) return { kind: "array", of: parseType(t.slice(2), params) };
  if (t.endsWith("[]")) return { kind: "array", of: parseType(t.slice(0, -2), params) };
  if (t.startsWith("map[string]"))
    return { kind: "map", of: parseType(t.slice("map[string]".length), params) };
  const alias = t.indexOf(":");
  if (alias > 0) return parseType(t.slice(alias + 1), params);
  if (isPrimitive(t)) return { kind: "primitive", name: t };
  if (params.includes(t)) return { kind: "param", name: t };
  const open = t.indexOf("<");
  if (open > 0) {
    if (!t.endsWith(">")) throw new Error(`unbalanced generic in type "${text}"`);
    const args = splitTopLevel(t.slice(open + 1, -1)).map((a) => parseType(a, params));
    return { kind: "model", id: t, args };
  }
  if (!/^[A-Za-z_][\w.]*$/.test(t)) throw new Error(`unreadable type expression "${text}"`);
  return { kind: "model", id: t, args: [] };
}

/** The name of a generic model's declaration for an instance: `a.B<string>` → `a.B<T>` given its params. */
export function genericBase(id: string): string {
  const open = id.indexOf("<");
  return open < 0 ? id : id.slice(0, open);
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<") depth++;
    else if (c === ">") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The expression written back in the schema's own notation (for messages). */
export function formatType(expr: TypeExpr): string {
  switch (expr.kind) {
    case "primitive":
      return expr.name;
    case "param":
      return expr.name;
    case "model":
      return expr.id;
    case "array":
      return `${formatType(expr.of)}[]`;
    case "map":
      return `map[string]${formatType(expr.of)}`;
  }
}
