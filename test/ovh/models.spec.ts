// The zod models generated from OVHcloud's schema: committed files match the generator (a stale model
// fails here), and the models read answers the way docs/wire-contract.md ("Models") says.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MeOrder, OrderCart, Price, SaasCsp2, Services } from "../../provider/ovh/models/generated/index.js";
import { collectUnknownEnumValues, isKnown } from "../../provider/ovh/models/open-enum.js";
import { checkAnswer, checkRequestBody } from "../../provider/ovh/schema/index.js";
import { generateModels, MODELS_DIR } from "../../scripts/generate-models.js";

describe("generated models", () => {
  it("are what `npm run models:generate` makes from the schema files", async () => {
    const fresh = generateModels();
    const committed = (await readdir(MODELS_DIR)).sort();
    expect(committed, "run `npm run models:generate` and commit provider/ovh/models/generated").toEqual(
      fresh.map((f) => f.name).sort(),
    );
    for (const file of fresh) {
      const text = await readFile(join(MODELS_DIR, file.name), "utf8");
      expect(text, `${file.name} is stale: run \`npm run models:generate\``).toBe(file.text);
    }
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

describe("answers", () => {
  it("read what the schema allows and refuse what it does not, as the validator does", () => {
    const cases: Array<{ body: Record<string, unknown>; ok: boolean }> = [
      { body: tenant, ok: true },
      { body: { ...tenant, creationDate: "2026-01-02" }, ok: false },
      { body: { ...tenant, city: null }, ok: false },
      { body: { ...tenant, mpnId: null }, ok: true },
      { body: { ...tenant, hasAcceptedNewMCA: "yes" }, ok: false },
    ];
    for (const { body, ok } of cases) {
      const model = SaasCsp2.SaasCsp2OfficeTenantWithIAM.safeParse(body).success;
      const validator =
        checkAnswer({ method: "GET", path: "/saas/csp2/csp2-1", status: 200, body }).violations.length === 0;
      expect({ body, model, validator }).toEqual({ body, model: ok, validator: ok });
    }
  });

  it("tell date from datetime, long from double", () => {
    const peaks = SaasCsp2.SaasCsp2BillingStatistics;
    expect(peaks.safeParse({ startDate: "2026-05-01", endDate: "2026-05-31", lines: [] }).success).toBe(true);
    expect(
      peaks.safeParse({ startDate: "2026-05-01T00:00:00+00:00", endDate: "2026-05-31", lines: [] }).success,
    ).toBe(false);
    const line = { licenceId: 1, licenceName: "E3", peakCount: 2.5 };
    expect(SaasCsp2.SaasCsp2BillingStatisticsLine.safeParse(line).success).toBe(false);
    expect(Price.OrderPrice.parse({ currencyCode: "EUR", text: "2.50 €", value: 2.5 }).value).toBe(2.5);
  });

  it("read an absent nullable property as null and drop properties the schema does not declare", () => {
    const { mpnIssueFlag: _a, iam: _b, ...without } = tenant;
    const read = SaasCsp2.SaasCsp2OfficeTenantWithIAM.parse({ ...without, addedIn2027: 1 });
    expect(read.mpnIssueFlag).toBeNull();
    expect(read.iam).toBeNull();
    expect(read).not.toHaveProperty("addedIn2027");
    const { city: _c, ...noCity } = tenant;
    expect(SaasCsp2.SaasCsp2OfficeTenantWithIAM.safeParse(noCity).success).toBe(false);
  });

  it("follow each file's own declaration of an id (order.Price has no priceInUcents in price.json)", () => {
    expect(Object.keys(Price.OrderPrice.shape).sort()).toEqual(["currencyCode", "text", "value"]);
    expect(Object.keys(OrderCart.OrderPrice.shape)).toContain("priceInUcents");
  });

  it("resolve generics and models that contain themselves", () => {
    const route = { path: "/saas/csp2/{serviceName}", url: "/saas/csp2/x", vars: [{ key: "k", value: "v" }] };
    expect(Services.ServicesExpandedRoute.parse(route).vars[0]?.value).toBe("v");
    expect(
      Services.ServicesExpandedRoute.safeParse({ ...route, vars: [{ key: "k", value: 1 }] }).success,
    ).toBe(false);
    const leaf = { planCode: "a" };
    const tree = OrderCart.OrderCartDomainPromotionCondition.parse({ all: [leaf, { anyOf: [leaf] }] });
    expect(tree.all?.[1]?.anyOf?.[0]?.planCode).toBe("a");
  });
});

describe("open enums", () => {
  it("accept a value OVHcloud adds later, typed so that code must handle it, and collect it", () => {
    const { result, unknown } = collectUnknownEnumValues(() =>
      SaasCsp2.SaasCsp2OfficeTenantWithIAM.parse({ ...tenant, status: "migrating" }),
    );
    expect(result.status).toBe("migrating");
    expect(isKnown(SaasCsp2.SaasCsp2ServiceStateEnumValues, result.status)).toBe(false);
    expect(unknown).toEqual([
      {
        enumId: "saas.csp2.ServiceStateEnum",
        value: "migrating",
        known: SaasCsp2.SaasCsp2ServiceStateEnumValues,
      },
    ]);
    // A published value is not collected; a non-string is still refused.
    expect(collectUnknownEnumValues(() => SaasCsp2.SaasCsp2TaskStatusEnum.parse("done")).unknown).toEqual([]);
    expect(SaasCsp2.SaasCsp2TaskStatusEnum.safeParse(3).success).toBe(false);
    expect(MeOrder.BillingOrderOrderStatusEnum.parse("onHold")).toBe("onHold");
  });

  it("stay closed in request bodies: we send only what OVHcloud publishes", () => {
    const cart = OrderCart.OrderCartCreationBody;
    expect(cart.safeParse({ ovhSubsidiary: "FR" }).success).toBe(true);
    expect(cart.safeParse({ ovhSubsidiary: "US" }).success).toBe(false);
    expect(checkRequestBody("POST", "/order/cart", { ovhSubsidiary: "US" }).map((v) => v.kind)).toEqual([
      "enum",
    ]);
  });
});

describe("request bodies", () => {
  it("hold the writable properties, required ones required, null only where the schema allows it", () => {
    expect(Object.keys(SaasCsp2.SaasCsp2OfficeTenantBody.shape).sort()).toEqual(
      [
        "address",
        "city",
        "displayName",
        "email",
        "firstName",
        "lastName",
        "mpnId",
        "phone",
        "zipCode",
      ].sort(),
    );
    const put = SaasCsp2.SaasCsp2OfficeTenantBody;
    expect(put.safeParse({ mpnId: null }).success).toBe(true);
    expect(put.safeParse({ city: null }).success).toBe(false);
    expect(SaasCsp2.SaasCsp2SubscriptionCreationBody.safeParse({ licenseId: 1 }).success).toBe(false);
    expect(checkRequestBody("PUT", "/saas/csp2/x", { city: null }).map((v) => v.kind)).toEqual(["null"]);
  });

  it("of named parameters are one object, checked by the validator the same way", () => {
    const body = { paymentMean: "fidelityAccount" };
    expect(MeOrder.MeOrderPayWithRegisteredPaymentMeanBody.parse(body)).toEqual(body);
    expect(checkRequestBody("POST", "/me/order/1/payWithRegisteredPaymentMean", body)).toEqual([]);
    expect(checkRequestBody("POST", "/me/order/1/pay", { paymentMethod: { id: 3 } })).toEqual([]);
    expect(
      checkRequestBody("POST", "/me/order/1/payWithRegisteredPaymentMean", { paymentMean: "gold" }).map(
        (v) => `${v.kind} ${v.at}`,
      ),
    ).toEqual(["enum $.paymentMean"]);
    expect(checkRequestBody("POST", "/me/order/1/pay", { id: 3 }).map((v) => `${v.kind} ${v.at}`)).toEqual([
      "missing $.paymentMethod",
      "extra $.id",
    ]);
  });
});
