// The sort and filter headers of v1 expanded listing (shared/ovh-api-schema/PAGING.md):
//   X-Pagination-Sort: <field>            (URL-encoded; dotted paths such as `iam.state`)
//   X-Pagination-Sort-Order: ASC | DESC
//   X-Pagination-Filter: <field>:<op>=<value>[&<field>:<op>=<value>…]   (field and value URL-encoded)
// with the operators the control panel sends: eq, ne, lt, gt, like (`%` is the wildcard), in (a
// comma-separated list). Fields are the properties of the item model that OVHcloud's published schema
// declares for the route, and compare as that property's type. What PAGING.md leaves open, the
// emulator decides and docs/wire-contract.md lists: an unknown field or operator is a 400, `like` is
// case-sensitive, a null value matches only `ne`, nulls sort first in ascending order.
import {
  findOperation,
  itemOperation,
  modelOf,
  type SchemaFileEntry,
} from "../../provider/ovh/schema/catalog.js";
import { PRIMITIVES, parseType } from "../../provider/ovh/schema/type-expr.js";
import { isEnumModel } from "../../provider/ovh/schema/types.js";
import { errors } from "./errors.js";

type FieldKind = "number" | "boolean" | "string";

export const FILTER_OPERATORS = ["eq", "ne", "lt", "gt", "like", "in"] as const;
type Operator = (typeof FILTER_OPERATORS)[number];

export interface ListField {
  /** As the request named it (decoded), e.g. `iam.state`. */
  name: string;
  kind: FieldKind;
  read: (item: unknown) => unknown;
}

export interface FilterTerm {
  field: ListField;
  op: Operator;
  values: string[];
}

export interface SortOrder {
  field: ListField;
  descending: boolean;
}

/** What a list route's items are, per the published schema: the GET of `{route}/{id}`. */
export function itemModelOf(listPath: string): { file: SchemaFileEntry; type: string } | undefined {
  const list = findOperation("GET", listPath);
  const item = list && itemOperation(list);
  return item ? { file: item.file, type: item.operation.responseType } : undefined;
}

/** Resolves a dotted field against the item model; a 400 naming the header when it is not a scalar property. */
export function resolveField(
  model: { file: SchemaFileEntry; type: string },
  name: string,
  header: string,
): ListField {
  const parts = name.split(".");
  let type = model.type;
  for (const part of parts) {
    const expr = parseType(type);
    const declared = expr.kind === "model" ? modelOf(model.file, expr.id) : undefined;
    if (!declared || isEnumModel(declared) || !Object.hasOwn(declared.properties, part)) {
      throw errors.badRequest(`Invalid ${header} "${name}": ${type} has no property ${part}`);
    }
    const prop = declared.properties[part]!;
    type = prop.fullType ?? prop.type;
  }
  const kind = scalarKind(model.file, type);
  if (!kind) {
    throw errors.badRequest(
      `Invalid ${header} "${name}": ${type} cannot be compared (not a number, a boolean or a string)`,
    );
  }
  return {
    name,
    kind,
    read: (item) => parts.reduce<unknown>((v, p) => (isObject(v) ? v[p] : undefined), item),
  };
}

function scalarKind(file: SchemaFileEntry, type: string): FieldKind | undefined {
  const expr = parseType(type);
  if (expr.kind === "primitive") {
    const json = PRIMITIVES[expr.name];
    return json === "integer" || json === "number"
      ? "number"
      : json === "boolean"
        ? "boolean"
        : json === "string"
          ? "string"
          : undefined;
  }
  if (expr.kind === "model") {
    const model = modelOf(file, expr.id);
    return model && isEnumModel(model) ? "string" : undefined;
  }
  return undefined;
}

/** `status:in=creating,ok&trusted:eq=false` → terms; a 400 naming the term it cannot read. */
export function parseFilter(raw: string, model: { file: SchemaFileEntry; type: string }): FilterTerm[] {
  return raw
    .split("&")
    .filter((t) => t !== "")
    .map((term) => {
      const m = /^([^:=]+):([a-z]+)=(.*)$/i.exec(term);
      if (!m) {
        throw errors.badRequest(
          `Invalid X-Pagination-Filter term "${term}": expected <field>:<operator>=<value>`,
        );
      }
      const op = m[2]!.toLowerCase();
      if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
        throw errors.badRequest(
          `Invalid X-Pagination-Filter term "${term}": operator ${op} is not one of ${FILTER_OPERATORS.join(", ")}`,
        );
      }
      const field = resolveField(model, decode(m[1]!, term), "X-Pagination-Filter");
      const value = decode(m[3]!, term);
      return { field, op: op as Operator, values: op === "in" ? value.split(",") : [value] };
    });
}

function decode(text: string, term: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw errors.badRequest(`Invalid X-Pagination-Filter term "${term}": bad URL encoding`);
  }
}

export function matchesAll(item: unknown, terms: readonly FilterTerm[]): boolean {
  return terms.every((t) => matches(item, t));
}

function matches(item: unknown, term: FilterTerm): boolean {
  const value = term.field.read(item);
  if (value === null || value === undefined) return term.op === "ne";
  const [first = ""] = term.values;
  switch (term.op) {
    case "eq":
      return equals(value, first, term.field.kind);
    case "ne":
      return !equals(value, first, term.field.kind);
    case "in":
      return term.values.some((v) => equals(value, v, term.field.kind));
    case "lt":
      return order(value, first, term) < 0;
    case "gt":
      return order(value, first, term) > 0;
    case "like":
      return likePattern(first).test(String(value));
  }
}

function equals(value: unknown, text: string, kind: FieldKind): boolean {
  return kind === "number" ? Number(text) === value : String(value) === text;
}

function order(value: unknown, text: string, term: FilterTerm): number {
  if (term.field.kind === "number") {
    const bound = Number(text);
    if (text.trim() === "" || !Number.isFinite(bound)) {
      throw errors.badRequest(
        `Invalid X-Pagination-Filter: ${term.field.name}:${term.op} needs a number, got "${text}"`,
      );
    }
    return (value as number) - bound;
  }
  if (term.field.kind === "boolean") {
    throw errors.badRequest(`Invalid X-Pagination-Filter: ${term.field.name} is a boolean; use eq or ne`);
  }
  const s = String(value);
  return s < text ? -1 : s > text ? 1 : 0;
}

/** `%` is any run of characters (the control panel sends it as `%25`); everything else is literal. */
function likePattern(pattern: string): RegExp {
  const body = pattern
    .split("%")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "s");
}

export function parseSort(
  rawField: string,
  rawOrder: string | undefined,
  model: { file: SchemaFileEntry; type: string },
): SortOrder {
  let name: string;
  try {
    name = decodeURIComponent(rawField);
  } catch {
    throw errors.badRequest(`Invalid X-Pagination-Sort "${rawField}": bad URL encoding`);
  }
  const direction = (rawOrder ?? "ASC").toUpperCase();
  if (direction !== "ASC" && direction !== "DESC") {
    throw errors.badRequest(`Invalid X-Pagination-Sort-Order "${rawOrder}": ASC or DESC`);
  }
  return { field: resolveField(model, name, "X-Pagination-Sort"), descending: direction === "DESC" };
}

/** Stable: equal values keep the route's own order (ids ascending). */
export function sortItems<T>(items: T[], sort: SortOrder): T[] {
  const key = (item: T) => sort.field.read(item);
  const sign = sort.descending ? -1 : 1;
  return items
    .map((item, index) => ({ item, index, value: key(item) }))
    .sort((a, b) => sign * compareValues(a.value, b.value) || a.index - b.index)
    .map((x) => x.item);
}

function compareValues(a: unknown, b: unknown): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? -1 : 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
