import { describe, expect, it } from "vitest";
import {
  checkAnswer,
  checkRequestBody,
  findOperation,
  parseType,
  SCHEMA_FILES,
} from "../../provider/ovh/schema/index.js";

const saas = SCHEMA_FILES.find((f) => f.file === "saas-csp2.json")!;

describe("type expressions", () => {
  it("reads lists written both ways, maps, generics and core aliases", () => {
    expect(parseType("long[]")).toEqual({ kind: "array", of: { kind: "primitive", name: "long" } });
    expect(parseType("map[string][]iam.resource.TagFilter")).toEqual({
      kind: "map",
      of: { kind: "array", of: { kind: "model", id: "iam.resource.TagFilter", args: [] } },
    });
    expect(parseType("complexType.SafeKeyValue<string>[]")).toEqual({
      kind: "array",
      of: {
        kind: "model",
        id: "complexType.SafeKeyValue<string>",
        args: [{ kind: "primitive", name: "string" }],
      },
    });
    expect(parseType("coreTypes.ServiceId:long")).toEqual({ kind: "primitive", name: "long" });
    expect(parseType("T", ["T"])).toEqual({ kind: "param", name: "T" });
  });

  it("refuses what it cannot read", () => {
    expect(() => parseType("a.B<string")).toThrow(/unbalanced/);
    expect(() => parseType("")).toThrow(/empty/);
  });

  it("every type in the five files parses and every model reference resolves in its own file", () => {
    for (const f of SCHEMA_FILES) {
      for (const [id, model] of Object.entries(f.schema.models)) {
        if (!("properties" in model)) continue;
        for (const prop of Object.values(model.properties)) {
          const answer = checkAnswerOfType(f, prop.fullType ?? prop.type, model.generics ?? []);
          expect(answer, `${f.file} ${id}`).not.toMatch(/declares no model/);
        }
      }
    }
  });
});

/** Walks a type with a value of the wrong JSON type: any unresolvable model shows up as a "schema" problem. */
function checkAnswerOfType(file: (typeof SCHEMA_FILES)[number], type: string, generics: string[]): string {
  const expr = parseType(type, generics);
  const ids: string[] = [];
  const visit = (e: typeof expr): void => {
    if (e.kind === "array" || e.kind === "map") visit(e.of);
    else if (e.kind === "model") {
      ids.push(e.id);
      e.args.forEach(visit);
    }
  };
  visit(expr);
  const base = (id: string) => id.replace(/<.*$/, "");
  const missing = ids.filter(
    (id) => !file.schema.models[id] && !Object.keys(file.schema.models).some((k) => base(k) === base(id)),
  );
  return missing.map((m) => `declares no model ${m}`).join(", ");
}

describe("findOperation", () => {
  it("matches concrete paths to the published templates", () => {
    const m = findOperation("GET", "/saas/csp2/csp2-1/subscription/42");
    expect(m?.api.path).toBe("/saas/csp2/{serviceName}/subscription/{id}");
    expect(m?.params).toEqual({ serviceName: "csp2-1", id: "42" });
    expect(m?.operation.responseType).toBe("saas.csp2.OfficeSubscription");
    expect(findOperation("POST", "/order/cart/abc/csp2/options")?.operation.responseType).toBe(
      "order.cart.Item",
    );
  });

  it("knows nothing of routes OVHcloud removed or never had", () => {
    expect(findOperation("POST", "/saas/csp2/x/changeAdministratorPassword")).toBeUndefined();
    expect(findOperation("PATCH", "/saas/csp2/x")).toBeUndefined();
  });
});

const tenant = {
  address: "Hauptstr. 1",
  city: "Berlin",
  creationDate: "2026-01-02T03:04:05+01:00",
  displayName: "ACME",
  email: "it@acme.example",
  firstName: "Anna",
  hasAcceptedNewMCA: true,
  iam: null,
  lastName: "Muster",
  mpnId: "1234567",
  mpnIssueFlag: null,
  phone: "+49.301234567",
  serviceName: "csp2-1",
  status: "ok",
  zipCode: "10115",
};

describe("checkAnswer", () => {
  it("accepts an answer exactly as the schema describes it", () => {
    const r = checkAnswer({ method: "GET", path: "/saas/csp2/csp2-1", status: 200, body: tenant });
    expect(r.checkedAs).toBe("saas.csp2.OfficeTenantWithIAM");
    expect(r.violations).toEqual([]);
  });

  it("names every way an answer can leave the schema", () => {
    const { iam: _absent, ...withoutIam } = tenant;
    const body = { ...withoutIam, status: "deleted", creationDate: "2026-01-02", city: null, invented: 1 };
    const kinds = checkAnswer({ method: "GET", path: "/saas/csp2/csp2-1", status: 200, body }).violations.map(
      (v) => `${v.kind} ${v.at}`,
    );
    expect(kinds.sort()).toEqual(
      ["enum $.status", "format $.creationDate", "null $.city", "missing $.iam", "extra $.invented"].sort(),
    );
  });

  it("checks dates as YYYY-MM-DD where the schema says date", () => {
    const peaks = (startDate: string) => ({ endDate: "2026-12-31", lines: [], startDate });
    const path = "/saas/csp2/csp2-1/billingPeriodPeaks";
    expect(checkAnswer({ method: "GET", path, status: 200, body: peaks("2026-12-01") }).violations).toEqual(
      [],
    );
    expect(
      checkAnswer({ method: "GET", path, status: 200, body: peaks("2026-12-01T00:00:00Z") }).violations[0]
        ?.kind,
    ).toBe("format");
    expect(
      checkAnswer({ method: "GET", path, status: 200, body: peaks("2026-02-30") }).violations[0]?.kind,
    ).toBe("format");
  });

  it("checks an expanded listing against the item route's model", () => {
    const r = checkAnswer({ method: "GET", path: "/saas/csp2", status: 200, body: [tenant], expanded: true });
    expect(r.checkedAs).toBe("saas.csp2.OfficeTenantWithIAM[]");
    expect(r.violations).toEqual([]);
    const ids = checkAnswer({ method: "GET", path: "/saas/csp2", status: 200, body: ["csp2-1"] });
    expect(ids.violations).toEqual([]);
  });

  it("wants a message in error answers and nothing from void operations", () => {
    expect(
      checkAnswer({ method: "GET", path: "/saas/csp2/x", status: 404, body: { message: "no" } }).violations,
    ).toEqual([]);
    expect(
      checkAnswer({ method: "GET", path: "/saas/csp2/x", status: 404, body: "no" }).violations,
    ).toHaveLength(1);
    expect(checkAnswer({ method: "PUT", path: "/saas/csp2/x", status: 200, body: null }).violations).toEqual(
      [],
    );
    expect(
      checkAnswer({ method: "PUT", path: "/saas/csp2/x", status: 200, body: {} }).violations,
    ).toHaveLength(1);
  });

  it("resolves generic models (complexType.SafeKeyValue<string>) and per-file model declarations", () => {
    const prices = checkAnswer({
      method: "GET",
      path: "/price/saas/csp2/license/BusinessPremium",
      status: 200,
      body: { currencyCode: "EUR", text: "18.60 €", value: 18.6 },
    });
    expect(prices.violations).toEqual([]);
    expect(saas.servedAt).toBe("/saas/csp2.json");
  });
});

describe("checkRequestBody", () => {
  it("lets optional properties be left out but not required ones", () => {
    expect(checkRequestBody("POST", "/order/cart", { ovhSubsidiary: "FR" })).toEqual([]);
    expect(checkRequestBody("POST", "/order/cart", { description: "x" }).map((v) => v.kind)).toEqual([
      "missing",
    ]);
    expect(
      checkRequestBody("POST", "/saas/csp2/x/subscription", { licenseId: 1, quantity: 1.5 }).map((v) => v.at),
    ).toEqual(["$.quantity"]);
  });
});
