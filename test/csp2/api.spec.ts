// The CSP2 operations over the real client and a scripted transport: bodies sent, read-merge-write,
// waits, resumable configuration, order error context. The emulator contract tests cover the rest.
import { describe, expect, it } from "vitest";
import { createCsp2Api, type ProgressEvent } from "../../provider/csp2/index.js";
import {
  createOvhClient,
  OvhInputError,
  OvhTaskError,
  OvhWaitTimeoutError,
} from "../../provider/ovh/index.js";
import { type FakeTransport, fakeTransport, json, manualClock, SECRETS } from "../ovh/fake.js";

const TENANT = {
  serviceName: "csp2-0a1b2c3d",
  status: "ok",
  creationDate: "2026-01-01T00:00:00Z",
  address: "1 rue X",
  city: "Lille",
  displayName: "Contoso",
  email: "ada@example.com",
  firstName: "Ada",
  lastName: "Lovelace",
  phone: "+33.1",
  zipCode: "59000",
  mpnId: null,
  hasAcceptedNewMCA: true,
};
const task = (id: number, status: string, fn = "addSubscription") => ({
  id,
  function: fn,
  status,
  todoDate: "2026-01-01T00:00:00Z",
  finishDate: null,
});

function setup() {
  const fake = fakeTransport();
  const clock = manualClock();
  const client = createOvhClient({
    endpoint: "ovh-eu",
    applicationKey: SECRETS.applicationKey,
    applicationSecret: SECRETS.applicationSecret,
    consumerKey: `${SECRETS.consumerKey}-${Math.random()}`,
    env: {},
    configFiles: [],
    transport: fake.send,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0,
    log: false,
    // The order test answers a lower-case subsidiary on purpose (outside the published enum).
    warn: false,
  });
  const api = createCsp2Api(client, {
    now: clock.now,
    sleep: clock.sleep,
    taskPoll: { initialMs: 1_000, maxMs: 4_000, factor: 2 },
    orderPoll: { initialMs: 1_000, maxMs: 4_000, factor: 2 },
  });
  return { api, fake, clock };
}
const bodies = (fake: FakeTransport, method: string, suffix: string) =>
  fake.requests
    .filter((r) => r.method === method && new URL(r.url).pathname.endsWith(suffix))
    .map((r) => (r.body ? JSON.parse(r.body) : undefined));

describe("tenants", () => {
  it("updateTenant PUTs the full writable set, merged over what is read", async () => {
    const { api, fake } = setup();
    fake.on("GET /saas/csp2/csp2-0a1b2c3d", json(200, TENANT));
    fake.on("PUT /saas/csp2/csp2-0a1b2c3d", json(200, null));
    await api.updateTenant("csp2-0a1b2c3d", { displayName: "Contoso EU", mpnId: "7654321" });
    expect(bodies(fake, "PUT", "/csp2-0a1b2c3d")).toEqual([
      {
        address: "1 rue X",
        city: "Lille",
        displayName: "Contoso EU",
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        phone: "+33.1",
        zipCode: "59000",
        mpnId: "7654321",
      },
    ]);
  });

  it("updateTenant refuses read-only fields before any call", async () => {
    const { api, fake } = setup();
    await expect(api.updateTenant("s", { status: "ok" } as never)).rejects.toThrow(OvhInputError);
    await expect(api.updateTenant("s", { serviceName: "x" } as never)).rejects.toThrow(
      /serviceName cannot be changed/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("encodes service names in paths and refuses empty ones", async () => {
    const { api, fake } = setup();
    fake.on("GET /saas/csp2/a%2Fb", json(200, TENANT));
    await api.getTenant("a/b");
    await expect(api.getTenant("")).rejects.toThrow(/serviceName must be a non-empty string/);
    expect(fake.requests.at(-1)!.url).toBe("https://eu.api.ovh.com/1.0/saas/csp2/a%2Fb");
  });

  it("terminateTenantAtExpiry sets deleteAtExpiration, or refuses when OVHcloud does not allow it", async () => {
    const { api, fake } = setup();
    const infos = {
      canDeleteAtExpiration: true,
      contactAdmin: "a",
      contactBilling: "a",
      contactTech: "a",
      creation: "2026-01-01",
      domain: "csp2-0a1b2c3d",
      expiration: "2026-02-01",
      renew: { automatic: true, deleteAtExpiration: false, forced: false, period: 1 },
      renewalType: "automaticV2016",
      serviceId: 42,
      status: "ok",
    };
    fake.on(
      "GET /saas/csp2/s/serviceInfos",
      json(200, infos),
      json(200, { ...infos, renew: { ...infos.renew, deleteAtExpiration: true } }),
    );
    fake.on("PUT /saas/csp2/s/serviceInfos", json(200, null));
    const after = await api.terminateTenantAtExpiry("s");
    expect(after.renew?.deleteAtExpiration).toBe(true);
    expect(bodies(fake, "PUT", "/serviceInfos")).toEqual([
      // manualPayment was absent from the answer: it reads as null and is sent back as null (canBeNull).
      { renew: { automatic: true, deleteAtExpiration: true, forced: false, manualPayment: null, period: 1 } },
    ]);
    fake.on("GET /saas/csp2/t/serviceInfos", json(200, { ...infos, canDeleteAtExpiration: false }));
    await expect(api.terminateTenantAtExpiry("t")).rejects.toThrow(
      /does not allow ending tenant t at expiry/,
    );
  });
});

describe("subscriptions and tasks", () => {
  it("sends the documented bodies; changeQuantity takes the new total", async () => {
    const { api, fake } = setup();
    fake.on("POST /saas/csp2/s/subscription", json(200, task(1, "todo")));
    fake.on("POST /saas/csp2/s/subscription/7/changeQuantity", json(200, task(2, "todo", "changeQuantity")));
    fake.on("POST /saas/csp2/s/subscription/7/orderAddon", json(200, task(3, "todo", "orderAddon")));
    fake.on("DELETE /saas/csp2/s/subscription/7", json(200, task(4, "todo", "deleteSubscription")));
    await api.addSubscription("s", { licenseId: 10, quantity: 5 });
    await api.changeQuantity("s", 7, 12);
    await api.orderAddon("s", 7, { licenseId: 11, quantity: 2 });
    expect((await api.cancelSubscription("s", 7)).function).toBe("deleteSubscription");
    expect(bodies(fake, "POST", "/subscription")).toEqual([{ licenseId: 10, quantity: 5 }]);
    expect(bodies(fake, "POST", "/changeQuantity")).toEqual([{ quantity: 12 }]);
    expect(bodies(fake, "POST", "/orderAddon")).toEqual([{ licenseId: 11, quantity: 2 }]);
    await expect(api.changeQuantity("s", 7, 0)).rejects.toThrow(/quantity must be an integer of at least 1/);
  });

  it("waitForTask polls with backoff until done, reporting progress", async () => {
    const { api, fake, clock } = setup();
    fake.on(
      "GET /saas/csp2/s/task/5",
      json(200, task(5, "todo")),
      json(200, task(5, "doing")),
      json(200, task(5, "doing")),
      json(200, task(5, "done")),
    );
    const events: ProgressEvent[] = [];
    const messages: string[] = [];
    const done = await api.waitForTask("s", 5, {
      onProgress: (m, e) => {
        messages.push(m);
        events.push(e);
      },
    });
    expect(done.status).toBe("done");
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(events.map((e) => e.kind === "task" && e.status)).toEqual(["todo", "doing", "doing", "done"]);
    expect(messages[1]).toBe("Task 5 (addSubscription) of s: doing after 1 s.");
  });

  it("waitForTask of a task its POST just answered waits one pause before its first read", async () => {
    const { api, fake, clock } = setup();
    fake.on("GET /saas/csp2/s/task/8", json(200, task(8, "done", "changeQuantity")));
    const done = await api.waitForTask("s", 8, { justStarted: true });
    expect(done.status).toBe("done");
    expect(clock.sleeps).toEqual([1_000]);
    expect(fake.requests.filter((r) => r.url.includes("/task/8"))).toHaveLength(1);
  });

  it.each(["error", "cancelled"])(
    "waitForTask throws OvhTaskError naming id and function when the task ends %s",
    async (status) => {
      const { api, fake } = setup();
      fake.on(
        "GET /saas/csp2/s/task/6",
        json(200, task(6, "doing", "changeQuantity")),
        json(200, task(6, status, "changeQuantity")),
      );
      const error = await api.waitForTask("s", 6).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OvhTaskError);
      expect(error).toMatchObject({ taskId: 6, taskFunction: "changeQuantity", taskStatus: status });
      expect((error as Error).message).toMatch(
        new RegExp(`Task 6 \\(changeQuantity\\) of tenant s ended with status "${status}"`),
      );
    },
  );

  it("waitForTask times out with the last status", async () => {
    const { api, fake } = setup();
    fake.on("GET /saas/csp2/s/task/7", json(200, task(7, "doing")));
    const error = await api.waitForTask("s", 7, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhWaitTimeoutError);
    expect((error as Error).message).toMatch(/Task 7 of tenant s was still "doing" after 5 s/);
  });

  it("usageStatistics validates the period", async () => {
    const { api } = setup();
    await expect(api.usageStatistics("s", "lastDecade" as never)).rejects.toThrow(/lastMonth, lastQuarter/);
  });
});

describe("order steps", () => {
  const ITEM = {
    cartId: "c1",
    itemId: 9,
    options: [],
    prices: [],
    productId: "csp2",
    settings: { planCode: "csp2", pricingMode: "default", quantity: 1 },
  };
  const LABELS = [
    "mpnId",
    "displayName",
    "firstName",
    "lastName",
    "email",
    "phone",
    "address",
    "city",
    "zipCode",
  ].map((label) => ({ label, required: true, type: "string" }));
  const CONFIG = {
    mpnId: "1234567",
    displayName: "Contoso",
    contact: {
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+33.1",
      address: "1 rue X",
      city: "Lille",
      zipCode: "59000",
    },
  };

  it("configureTenantItem resumes: keeps labels already set, replaces changed ones, adds the rest", async () => {
    const { api, fake } = setup();
    fake.on("GET /order/cart/c1/item/9/requiredConfiguration", json(200, LABELS));
    fake.on("GET /order/cart/c1/item/9", json(200, { ...ITEM, configurations: [1, 2] }));
    fake.on(
      "GET /order/cart/c1/item/9/configuration/1",
      json(200, { id: 1, label: "mpnId", value: "1234567" }),
    );
    fake.on(
      "GET /order/cart/c1/item/9/configuration/2",
      json(200, { id: 2, label: "displayName", value: "Old" }),
    );
    fake.on("DELETE /order/cart/c1/item/9/configuration/2", json(200, null));
    let next = 3;
    fake.on("POST /order/cart/c1/item/9/configuration", (req) =>
      json(200, { id: next++, ...JSON.parse(req.body!) }),
    );
    const result = await api.configureTenantItem("c1", 9, CONFIG);
    expect(result.map((r) => r.label)).toEqual(LABELS.map((l) => l.label));
    const posted = bodies(fake, "POST", "/configuration").map((b) => b.label);
    expect(posted).toEqual([
      "displayName",
      "firstName",
      "lastName",
      "email",
      "phone",
      "address",
      "city",
      "zipCode",
    ]);
    expect(fake.requests.filter((r) => r.method === "DELETE").map((r) => new URL(r.url).pathname)).toEqual([
      "/1.0/order/cart/c1/item/9/configuration/2",
    ]);
  });

  it("payWithDefaultMethod pays with the default method, or says what to do without one", async () => {
    const { api, fake } = setup();
    fake.on("GET /me/payment/method", json(200, [77]));
    fake.on("POST /me/order/5/pay", json(200, null));
    await expect(api.payWithDefaultMethod(5)).resolves.toEqual({ paymentMethodId: 77 });
    expect(bodies(fake, "POST", "/pay")).toEqual([{ paymentMethod: { id: 77 } }]);
    expect(fake.requests.find((r) => r.url.includes("/me/payment/method"))!.url).toMatch(/\?default=true$/);
    fake.on("GET /me/payment/method", json(200, []));
    await expect(api.payWithDefaultMethod(6)).rejects.toThrow(/no default payment method/);
  });

  it("payOrder: the default method when there is one, else the fidelity account for a free order only", async () => {
    const { api, fake } = setup();
    fake.on("GET /me/payment/method", json(200, [77]));
    fake.on("POST /me/order/5/pay", json(200, null));
    await expect(api.payOrder(5)).resolves.toEqual({ method: "defaultPaymentMethod", paymentMethodId: 77 });
    fake.on("GET /me/payment/method", json(200, []));
    const order = (value: number) => ({
      date: null,
      expirationDate: null,
      metadatas: null,
      orderId: 6,
      password: "p",
      pdfUrl: "https://x/pdf",
      priceWithTax: { currencyCode: "EUR", priceInUcents: 0, text: `${value.toFixed(2)} €`, value },
      priceWithoutTax: { currencyCode: "EUR", priceInUcents: 0, text: `${value.toFixed(2)} €`, value },
      retractionDate: null,
      tax: { currencyCode: "EUR", priceInUcents: 0, text: "0.00 €", value: 0 },
      url: "https://x",
    });
    fake.on("GET /me/order/6", json(200, order(0)));
    fake.on("POST /me/order/6/payWithRegisteredPaymentMean", json(200, null));
    await expect(api.payOrder(6)).resolves.toEqual({ method: "fidelityAccount" });
    expect(bodies(fake, "POST", "/payWithRegisteredPaymentMean")).toEqual([
      { paymentMean: "fidelityAccount" },
    ]);
    fake.on("GET /me/order/7", json(200, { ...order(12.5), orderId: 7 }));
    await expect(api.payOrder(7)).rejects.toThrow(/Order 7 \(12\.50 € excl\. tax\) cannot be paid/);
  });

  it.each([
    ["notPaid", /is not paid/],
    ["documentsRequested", /asks for documents/],
    ["cancelled", /was cancelled/],
  ])("waitForOrderDelivered stops on %s with what to do", async (status, pattern) => {
    const { api, fake } = setup();
    fake.on("GET /me/order/5/status", json(200, "checking"), json(200, status));
    await expect(api.waitForOrderDelivered(5)).rejects.toThrow(pattern);
  });

  it("serviceNameFromOrder picks the plan line's domain, and says when there is none yet", async () => {
    const { api, fake } = setup();
    const detail = (id: number, domain: string) => ({
      cancelled: false,
      description: "x",
      domain,
      orderDetailId: id,
      quantity: "1",
      totalPrice: { currencyCode: "EUR", text: "0", value: 0 },
      unitPrice: { currencyCode: "EUR", text: "0", value: 0 },
    });
    const extension = (code: string) => ({
      order: {
        configurations: [{ label: "displayName", value: "Contoso" }],
        plan: { code, duration: "P1M", pricingMode: "default", product: { name: "csp2" }, quantity: 1 },
        type: "plan",
      },
    });
    fake.on("GET /me/order/5/details", json(200, [1, 2]));
    fake.on("GET /me/order/5/details/1", json(200, detail(1, "csp2-0a1b2c3d")));
    fake.on("GET /me/order/5/details/1/extension", json(200, extension("csp2-tenant")));
    fake.on("GET /me/order/5/details/2", json(200, detail(2, "other")));
    fake.on("GET /me/order/5/details/2/extension", json(404, { class: "Client::NotFound", message: "none" }));
    await expect(api.serviceNameFromOrder(5, { planCode: "csp2-tenant" })).resolves.toBe("csp2-0a1b2c3d");
    fake.on("GET /me/order/5/details/1", json(200, detail(1, "*")));
    await expect(api.serviceNameFromOrder(5)).rejects.toThrow(/names no service yet/);
  });
});
