// DynamicValue: Terraform's values on the wire, msgpack (always in answers) or JSON (accepted in
// requests), decoded and encoded along the value's type so that objects carry every attribute.
//
//   string → str   number → int, float, or a decimal string when too big   bool → bool
//   list/set/tuple → array   map/object → map   null → nil   dynamic → [JSON type, value]
//   unknown → msgpack extension type 0 (any extension is read as unknown; JSON cannot carry it)
//
// In memory a value is null, UNKNOWN (the core's marker), a string, a number (or a bigint / decimal
// string when a number does not fit a double exactly), a boolean, an array or a plain object.
import { decode, ExtData, encode } from "@msgpack/msgpack";
import { isUnknown, UNKNOWN, type Unknown } from "../resources/plan.js";
import type { DynamicValue } from "./wire.js";

export type TfType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", TfType]
  | readonly ["object", { readonly [name: string]: TfType }]
  | readonly ["tuple", readonly TfType[]];

export type TfValue =
  | null
  | Unknown
  | string
  | number
  | bigint
  | boolean
  | TfValue[]
  | { [name: string]: TfValue };

export { isUnknown, UNKNOWN };

export class CodecError extends Error {
  override name = "CodecError";
}

const UNKNOWN_EXT = new ExtData(0, Uint8Array.of(0));

/** Decodes a request's DynamicValue (msgpack first, then JSON; both empty = null). */
export function decodeDynamic(value: DynamicValue | null | undefined, type: TfType): TfValue {
  if (value?.msgpack && value.msgpack.length > 0) {
    return fromWire(type, decode(value.msgpack, { useBigInt64: true }), "");
  }
  if (value?.json && value.json.length > 0) {
    return fromWire(type, parseJson(Buffer.from(value.json).toString("utf8")), "");
  }
  return null;
}

/** Encodes an answer's DynamicValue, always msgpack. */
export function encodeDynamic(value: TfValue, type: TfType): { msgpack: Buffer } {
  const bytes = encode(toWire(type, value, ""), { useBigInt64: true });
  return { msgpack: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** A value already parsed from JSON (e.g. a stored state) read along its type. */
export function fromJsonValue(type: TfType, value: unknown): TfValue {
  return fromWire(type, value, "");
}

/** JSON with numbers too big for a double kept exact (as bigint, or as their decimal text). */
export function parseJson(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key, value: unknown, context?: { source?: string }) {
    if (typeof value === "number" && context?.source !== undefined && !exactDouble(context.source, value)) {
      return /^-?\d+$/.test(context.source) ? BigInt(context.source) : context.source;
    }
    return value;
  });
}

function exactDouble(source: string, value: number): boolean {
  if (/^-?\d+$/.test(source)) return Number.isSafeInteger(value);
  return true; // a fraction or exponent: a double is what Terraform itself would have
}

function where(path: string): string {
  return path === "" ? "the value" : path;
}

function fromWire(type: TfType, raw: unknown, path: string): TfValue {
  if (raw instanceof ExtData) return UNKNOWN;
  if (raw === null || raw === undefined) return null;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof raw !== "string") throw new CodecError(`${where(path)}: expected a string`);
        return raw;
      case "bool":
        if (typeof raw !== "boolean") throw new CodecError(`${where(path)}: expected a bool`);
        return raw;
      case "number":
        return numberFrom(raw, path);
      case "dynamic":
        return dynamicFrom(raw, path);
    }
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(raw)) throw new CodecError(`${where(path)}: expected a ${kind}`);
      return raw.map((item, i) => fromWire(inner, item, `${path}[${i}]`));
    case "tuple":
      if (!Array.isArray(raw)) throw new CodecError(`${where(path)}: expected a tuple`);
      return inner.map((t, i) => fromWire(t, raw[i], `${path}[${i}]`));
    case "map": {
      const out: Record<string, TfValue> = {};
      for (const [k, v] of Object.entries(asMap(raw, path))) out[k] = fromWire(inner, v, `${path}["${k}"]`);
      return out;
    }
    case "object": {
      const map = asMap(raw, path);
      const out: Record<string, TfValue> = {};
      for (const [name, t] of Object.entries(inner)) {
        out[name] = fromWire(t, map[name], path === "" ? name : `${path}.${name}`);
      }
      return out;
    }
  }
}

function asMap(raw: unknown, path: string): Record<string, unknown> {
  if (raw instanceof Map) return Object.fromEntries(raw);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new CodecError(`${where(path)}: expected an object`);
  }
  return raw as Record<string, unknown>;
}

function numberFrom(raw: unknown, path: string): number | bigint | string {
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
  if (typeof raw === "string") {
    const text = raw.trim();
    if (/^-?\d+$/.test(text)) {
      const big = BigInt(text);
      return Number.isSafeInteger(Number(big)) ? Number(big) : big;
    }
    const n = Number(text);
    if (text !== "" && Number.isFinite(n)) return String(n) === text ? n : text;
  }
  throw new CodecError(`${where(path)}: expected a number`);
}

/** `dynamic`: msgpack [JSON type bytes, value]; JSON {value, type}. Kept as {type, value}. */
function dynamicFrom(raw: unknown, path: string): TfValue {
  let typeJson: string;
  let value: unknown;
  if (Array.isArray(raw) && raw.length === 2 && raw[0] instanceof Uint8Array) {
    typeJson = Buffer.from(raw[0]).toString("utf8");
    value = raw[1];
  } else if (typeof raw === "object" && raw !== null && "type" in raw && "value" in raw) {
    typeJson = JSON.stringify((raw as { type: unknown }).type);
    value = (raw as { value: unknown }).value;
  } else {
    throw new CodecError(`${where(path)}: expected a dynamic value`);
  }
  const type = JSON.parse(typeJson) as TfType;
  return { type: typeJson, value: fromWire(type, value, path) };
}

function toWire(type: TfType, value: TfValue, path: string): unknown {
  if (isUnknown(value)) return UNKNOWN_EXT;
  if (value === null || value === undefined) return null;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof value !== "string") throw new CodecError(`${where(path)}: expected a string`);
        return value;
      case "bool":
        if (typeof value !== "boolean") throw new CodecError(`${where(path)}: expected a bool`);
        return value;
      case "number":
        if (typeof value === "number") {
          if (!Number.isFinite(value)) throw new CodecError(`${where(path)}: not a finite number`);
          return value;
        }
        if (typeof value === "bigint") {
          // int64 fits msgpack; beyond it, the decimal string Terraform reads for big numbers.
          return value >= -(2n ** 63n) && value < 2n ** 63n ? value : value.toString();
        }
        if (typeof value === "string" && numberFrom(value, path) !== undefined) return value;
        throw new CodecError(`${where(path)}: expected a number`);
      case "dynamic": {
        const d = value as { type?: unknown; value?: TfValue };
        if (typeof d.type !== "string") throw new CodecError(`${where(path)}: expected a dynamic value`);
        return [Buffer.from(d.type), toWire(JSON.parse(d.type) as TfType, d.value ?? null, path)];
      }
    }
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(value)) throw new CodecError(`${where(path)}: expected a ${kind}`);
      return value.map((item, i) => toWire(inner, item, `${path}[${i}]`));
    case "tuple":
      if (!Array.isArray(value)) throw new CodecError(`${where(path)}: expected a tuple`);
      return inner.map((t, i) => toWire(t, value[i] ?? null, `${path}[${i}]`));
    case "map": {
      const map = objectOf(value, path);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(map)) out[k] = toWire(inner, v, `${path}["${k}"]`);
      return out;
    }
    case "object": {
      const map = objectOf(value, path);
      const out: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(inner)) {
        out[name] = toWire(t, map[name] ?? null, path === "" ? name : `${path}.${name}`);
      }
      return out;
    }
  }
}

function objectOf(value: TfValue, path: string): Record<string, TfValue> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CodecError(`${where(path)}: expected an object`);
  }
  return value as Record<string, TfValue>;
}
