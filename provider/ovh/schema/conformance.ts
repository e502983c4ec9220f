// Checks a JSON value against OVHcloud's published schema, strictly: every property the model declares
// is present, `null` only where `canBeNull`, no property the model does not declare, enum values from
// the published list, `date` as YYYY-MM-DD and `datetime` as ISO 8601 with an offset, `long` a whole
// number. It reads the schema files at run time, independently of the generated zod models, so that a
// mistake in the generator cannot hide the same mistake in the emulator.
//
// Used by the emulator's conformance check during `npm test` and by `o365r api-check` on real answers.
import {
  findOperation,
  itemOperation,
  modelOf,
  type OperationMatch,
  type SchemaFileEntry,
} from "./catalog.js";
import { formatType, genericBase, PRIMITIVES, parseType, type TypeExpr } from "./type-expr.js";
import { isEnumModel } from "./types.js";

export type ViolationKind =
  /** wrong JSON type, or not a value the type can hold */
  | "type"
  /** `null` where the schema says the property cannot be null */
  | "null"
  /** a property the model declares is absent */
  | "missing"
  /** a property the model does not declare */
  | "extra"
  /** a string outside the enum's published values */
  | "enum"
  /** a string not in the type's format (date, datetime, uuid, duration) */
  | "format"
  /** the schema itself cannot say (unknown model, route not described) */
  | "schema";

export interface Violation {
  /** JSON path of the offending value, `$` being the whole body: `$.details[0].quantity`. */
  at: string;
  kind: ViolationKind;
  /** What the schema expects and what came, in one line. */
  message: string;
}

export interface AnswerCheck {
  /** The published operation the request is; undefined when the schema files do not describe it. */
  operation: OperationMatch | undefined;
  /** The type the body was checked against, in the schema's notation. */
  checkedAs: string | undefined;
  violations: Violation[];
}

export interface AnswerFacts {
  method: string;
  /** The path under `/1.0`, without the query string. */
  path: string;
  status: number;
  /** The parsed JSON body (null for an empty body). */
  body: unknown;
  /** The request asked for expanded listing (`X-Pagination-Mode: CachedObjectList-…`). */
  expanded?: boolean;
}

/** Checks one answer of the API against the operation the schema publishes for its method and path. */
export function checkAnswer(facts: AnswerFacts): AnswerCheck {
  const operation = findOperation(facts.method, facts.path);
  if (facts.status < 200 || facts.status >= 300) {
    return { operation, checkedAs: "error body", violations: checkErrorBody(facts.body) };
  }
  if (!operation) {
    return {
      operation,
      checkedAs: undefined,
      violations: [
        {
          at: "$",
          kind: "schema",
          message: `${facts.method} ${facts.path} is not a route of OVHcloud's published schema`,
        },
      ],
    };
  }
  let source = operation;
  let type = operation.operation.responseType;
  if (facts.expanded && isIdList(type)) {
    const item = itemOperation(operation);
    if (!item) {
      return {
        operation,
        checkedAs: type,
        violations: [
          { at: "$", kind: "schema", message: `${operation.api.path} has no item route to expand` },
        ],
      };
    }
    source = item;
    type = `${item.operation.responseType}[]`;
  }
  return { operation, checkedAs: type, violations: checkValue(source.file, type, facts.body) };
}

/**
 * Checks the body of a request against the operation's `body` parameters: the same rules as answers,
 * except that a property may be left out unless the model marks it `required`, and read-only
 * properties are allowed (OVHcloud ignores them on write). A body parameter without a name is the whole
 * body; named ones are the properties of a body object (`POST /me/order/{id}/pay {paymentMethod}`).
 */
export function checkRequestBody(method: string, path: string, body: unknown): Violation[] {
  const operation = findOperation(method, path);
  if (!operation) return [];
  const params = operation.operation.parameters.filter((p) => p.paramType === "body");
  const empty = body === undefined || body === null || body === "";
  if (params.length === 0) {
    return empty ? [] : [{ at: "$", kind: "extra", message: `${operation.api.path} takes no body` }];
  }
  if (empty) {
    return params.some((p) => p.required)
      ? [{ at: "$", kind: "missing", message: "a body is required" }]
      : [];
  }
  const whole = params.find((p) => !p.name);
  if (whole) return checkValue(operation.file, typeOf(whole), body, "$", new Map(), "request");
  if (!isPlainObject(body)) {
    return [{ at: "$", kind: "type", message: `expected an object; got ${describe(body)}` }];
  }
  const out: Violation[] = [];
  for (const p of params) {
    const name = p.name!;
    const at = `$.${name}`;
    if (!Object.hasOwn(body, name) || body[name] === undefined) {
      if (p.required) out.push({ at, kind: "missing", message: `${name} is required` });
    } else if (body[name] === null) {
      if (p.required) out.push({ at, kind: "null", message: `${name} cannot be null` });
    } else {
      out.push(...checkValue(operation.file, typeOf(p), body[name], at, new Map(), "request"));
    }
  }
  for (const name of Object.keys(body)) {
    if (!params.some((p) => p.name === name)) {
      out.push({
        at: `$.${name}`,
        kind: "extra",
        message: `${operation.api.path} takes no parameter ${name}`,
      });
    }
  }
  return out;
}

function typeOf(param: { fullType?: string; dataType: string }): string {
  return param.fullType ?? param.dataType;
}

function isIdList(type: string): boolean {
  return type === "long[]" || type === "string[]";
}

function checkErrorBody(body: unknown): Violation[] {
  if (
    body !== null &&
    typeof body === "object" &&
    typeof (body as { message?: unknown }).message === "string"
  ) {
    return [];
  }
  return [
    {
      at: "$",
      kind: "type",
      message: `an error answer must be an object with a message; got ${describe(body)}`,
    },
  ];
}

type Mode = "answer" | "request";

/** Checks `value` against the type expression `type` as declared in `file`. */
export function checkValue(
  file: SchemaFileEntry,
  type: string,
  value: unknown,
  at = "$",
  bindings: ReadonlyMap<string, TypeExpr> = new Map(),
  mode: Mode = "answer",
): Violation[] {
  const out: Violation[] = [];
  walk(file, parseType(type, [...bindings.keys()]), value, at, bindings, mode, out);
  return out;
}

function walk(
  file: SchemaFileEntry,
  expr: TypeExpr,
  value: unknown,
  at: string,
  bindings: ReadonlyMap<string, TypeExpr>,
  mode: Mode,
  out: Violation[],
): void {
  switch (expr.kind) {
    case "param": {
      const bound = bindings.get(expr.name);
      if (!bound) out.push({ at, kind: "schema", message: `type parameter ${expr.name} is not bound` });
      else walk(file, bound, value, at, bindings, mode, out);
      return;
    }
    case "primitive":
      checkPrimitive(expr.name, value, at, out);
      return;
    case "array":
      if (!Array.isArray(value)) {
        out.push({ at, kind: "type", message: `expected ${formatType(expr)}; got ${describe(value)}` });
        return;
      }
      value.forEach((v, i) => {
        walk(file, expr.of, v, `${at}[${i}]`, bindings, mode, out);
      });
      return;
    case "map":
      if (!isPlainObject(value)) {
        out.push({ at, kind: "type", message: `expected ${formatType(expr)}; got ${describe(value)}` });
        return;
      }
      for (const [k, v] of Object.entries(value))
        walk(file, expr.of, v, `${at}[${JSON.stringify(k)}]`, bindings, mode, out);
      return;
    case "model":
      checkModel(file, expr, value, at, bindings, mode, out);
      return;
  }
}

function checkModel(
  file: SchemaFileEntry,
  expr: Extract<TypeExpr, { kind: "model" }>,
  value: unknown,
  at: string,
  bindings: ReadonlyMap<string, TypeExpr>,
  mode: Mode,
  out: Violation[],
): void {
  const model = modelOf(file, expr.id) ?? findGeneric(file, expr.id);
  if (!model) {
    out.push({ at, kind: "schema", message: `${file.file} declares no model ${expr.id}` });
    return;
  }
  if (isEnumModel(model)) {
    if (typeof value !== "string") {
      out.push({ at, kind: "type", message: `expected ${expr.id} (a string); got ${describe(value)}` });
    } else if (!model.enum.includes(value)) {
      out.push({
        at,
        kind: "enum",
        message: `${JSON.stringify(value)} is not a value of ${expr.id} (${model.enum.join(", ")})`,
      });
    }
    return;
  }
  if (!isPlainObject(value)) {
    out.push({ at, kind: "type", message: `expected an object ${expr.id}; got ${describe(value)}` });
    return;
  }
  const params = model.generics ?? [];
  const scope = new Map(bindings);
  params.forEach((p, i) => {
    const arg = expr.args[i];
    if (arg) scope.set(p, arg);
  });
  for (const [name, prop] of Object.entries(model.properties)) {
    const where = `${at}.${name}`;
    if (!Object.hasOwn(value, name)) {
      if (mode === "answer" || prop.required) {
        out.push({
          at: where,
          kind: "missing",
          message: `${expr.id}.${name} is absent (OVHcloud sends every property, null when empty)`,
        });
      }
      continue;
    }
    const v = value[name];
    if (v === null) {
      if (!prop.canBeNull) {
        out.push({ at: where, kind: "null", message: `${expr.id}.${name} cannot be null` });
      }
      continue;
    }
    walk(file, parseType(prop.fullType ?? prop.type, [...scope.keys()]), v, where, scope, mode, out);
  }
  for (const name of Object.keys(value)) {
    if (!Object.hasOwn(model.properties, name)) {
      out.push({ at: `${at}.${name}`, kind: "extra", message: `${expr.id} has no property ${name}` });
    }
  }
}

/** `a.B<string>` may be declared only as `a.B<T>`. */
function findGeneric(file: SchemaFileEntry, id: string) {
  const base = genericBase(id);
  if (base === id) return undefined;
  const declared = Object.entries(file.schema.models).find(([k]) => genericBase(k) === base);
  return declared?.[1];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DURATION = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function checkPrimitive(name: keyof typeof PRIMITIVES, value: unknown, at: string, out: Violation[]): void {
  const json = PRIMITIVES[name];
  const wrong = () => out.push({ at, kind: "type", message: `expected ${name}; got ${describe(value)}` });
  switch (json) {
    case "void":
      if (value !== null && value !== undefined) wrong();
      return;
    case "boolean":
      if (typeof value !== "boolean") wrong();
      return;
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) wrong();
      return;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) wrong();
      return;
    case "string":
      if (typeof value !== "string") {
        wrong();
        return;
      }
      if (name === "date" && !validDate(value, DATE)) {
        out.push({ at, kind: "format", message: `expected a date YYYY-MM-DD; got ${JSON.stringify(value)}` });
      } else if (name === "datetime" && !validDate(value, DATETIME)) {
        out.push({
          at,
          kind: "format",
          message: `expected a datetime (ISO 8601 with an offset); got ${JSON.stringify(value)}`,
        });
      } else if (name === "uuid" && !UUID.test(value)) {
        out.push({ at, kind: "format", message: `expected a uuid; got ${JSON.stringify(value)}` });
      } else if (name === "duration" && !DURATION.test(value)) {
        out.push({
          at,
          kind: "format",
          message: `expected an ISO 8601 duration; got ${JSON.stringify(value)}`,
        });
      }
      return;
  }
}

function validDate(text: string, pattern: RegExp): boolean {
  const m = pattern.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
