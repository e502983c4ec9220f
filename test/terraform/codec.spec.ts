// DynamicValue codec: round trips for every type the schema uses (and the others Terraform has),
// unknowns, nulls, JSON input, and numbers that do not fit a double.
import { ExtData, encode as msgpack } from "@msgpack/msgpack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CodecError,
  decodeDynamic,
  encodeDynamic,
  parseJson,
  type TfType,
  type TfValue,
  UNKNOWN,
} from "../../provider/terraform/codec.js";
import { subscriptionResource } from "../../provider/terraform/resources/subscription.js";
import { tenantResource } from "../../provider/terraform/resources/tenant.js";

const roundTrip = (value: TfValue, type: TfType) => decodeDynamic(encodeDynamic(value, type), type);
const json = (text: string) => ({ json: Buffer.from(text) });

describe("DynamicValue codec", () => {
  it.each<[string, TfType, TfValue]>([
    ["string", "string", "Anna Müller ✓"],
    ["empty string", "string", ""],
    ["integer", "number", 42],
    ["negative", "number", -7],
    ["float", "number", 11.7],
    ["int64", "number", 2n ** 62n],
    ["bool true", "bool", true],
    ["bool false", "bool", false],
    ["null", "string", null],
    ["unknown", "string", UNKNOWN],
    ["list", ["list", "string"], ["a", "b"]],
    ["set", ["set", "number"], [1, 2, 3]],
    ["map", ["map", "bool"], { a: true, b: false }],
    ["tuple", ["tuple", ["string", "number"]], ["x", 1]],
    ["object", ["object", { a: "string", b: "number" }], { a: "x", b: 1 }],
    ["unknown inside", ["object", { a: "string", b: ["list", "number"] }], { a: UNKNOWN, b: [1, UNKNOWN] }],
  ])("round-trips %s", (_name, type, value) => {
    expect(roundTrip(value, type)).toEqual(value);
  });

  it("writes unknown as go-cty does (fixext1, type 0)", () => {
    expect([...encodeDynamic(UNKNOWN, "string").msgpack]).toEqual([0xd4, 0x00, 0x00]);
  });

  it("reads any extension as unknown, refined unknowns (type 12) included", () => {
    const refined = Buffer.from(msgpack(new ExtData(12, msgpack({ 1: false }))));
    expect(decodeDynamic({ msgpack: refined }, "string")).toBe(UNKNOWN);
    const other = Buffer.from(msgpack([new ExtData(5, Uint8Array.of(1, 2))]));
    expect(decodeDynamic({ msgpack: other }, ["list", "number"])).toEqual([UNKNOWN]);
  });

  it("fills absent object attributes with null on the way out", () => {
    const type: TfType = ["object", { a: "string", b: "number", c: ["object", { d: "bool" }] }];
    expect(roundTrip({ a: "x" } as TfValue, type)).toEqual({ a: "x", b: null, c: null });
  });

  it("reads numbers sent as decimal strings (cty's form for big numbers)", () => {
    const big = "123456789012345678901234567890";
    expect(decodeDynamic({ msgpack: Buffer.from(msgpack(big)) }, "number")).toBe(BigInt(big));
    expect(decodeDynamic({ msgpack: Buffer.from(msgpack("42")) }, "number")).toBe(42);
    expect(decodeDynamic({ msgpack: Buffer.from(msgpack("0.5")) }, "number")).toBe(0.5);
  });

  it("writes numbers beyond int64 as decimal strings", () => {
    const huge = 2n ** 70n;
    expect(decodeDynamic(encodeDynamic(huge, "number"), "number")).toBe(huge);
  });

  it("falls back to JSON when msgpack is empty, keeping big integers exact", () => {
    const type: TfType = ["object", { n: "number", s: "string", l: ["list", "number"] }];
    expect(decodeDynamic(json('{"n": 9007199254740993, "s": "x", "l": [1, 2.5]}'), type)).toEqual({
      n: 9007199254740993n,
      s: "x",
      l: [1, 2.5],
    });
    expect(parseJson("12345678901234567890")).toBe(12345678901234567890n);
  });

  it("reads an empty DynamicValue as null", () => {
    expect(decodeDynamic({}, "string")).toBeNull();
    expect(decodeDynamic(undefined, ["object", { a: "string" }])).toBeNull();
  });

  it("round-trips dynamic values with their type", () => {
    const value = { type: JSON.stringify(["list", "string"]), value: ["a"] };
    expect(roundTrip(value as TfValue, "dynamic")).toEqual(value);
    const wire = decodeDynamic(json('{"type": "string", "value": "x"}'), "dynamic");
    expect(wire).toEqual({ type: '"string"', value: "x" });
  });

  it("refuses a value of the wrong type with its path", () => {
    const type: TfType = ["object", { contact: ["object", { email: "string" }] }];
    expect(() => encodeDynamic({ contact: { email: 5 } }, type)).toThrow(CodecError);
    expect(() => encodeDynamic({ contact: { email: 5 } }, type)).toThrow(/contact\.email/);
    expect(() => decodeDynamic({ msgpack: Buffer.from(msgpack(true)) }, "number")).toThrow(
      /expected a number/,
    );
  });

  it("round-trips whole resource states of both schemas (property test)", () => {
    const scalar = (type: TfType): fc.Arbitrary<TfValue> => {
      if (type === "string") return fc.oneof(fc.string(), fc.constant(null), fc.constant(UNKNOWN));
      if (type === "number")
        return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));
      if (type === "bool") return fc.oneof(fc.boolean(), fc.constant(null));
      const [kind, inner] = type as readonly [string, unknown];
      if (kind === "object") {
        const members = inner as Record<string, TfType>;
        return fc.oneof(
          fc.record(Object.fromEntries(Object.entries(members).map(([k, t]) => [k, scalar(t)]))),
          fc.constant(null),
        ) as fc.Arbitrary<TfValue>;
      }
      return fc.constant(null);
    };
    for (const resource of [tenantResource, subscriptionResource]) {
      fc.assert(
        fc.property(scalar(resource.type), (value) => {
          expect(roundTrip(value, resource.type)).toEqual(value === null ? null : normaliseZero(value));
        }),
        { numRuns: 200 },
      );
    }
  });
});

/** msgpack has no -0: it comes back as 0. */
function normaliseZero(value: TfValue): TfValue {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(normaliseZero);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseZero(v)]));
  }
  return value;
}
