// The /saas/csp2 tree read and written as a tenant's owner; ownership (another account's tenant is a
// 404), removed routes, expanded listing (paging itself: paging.integ.spec.ts), serviceInfos, /services and prices.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import {
  BillingStatistics,
  OfficeLicence,
  OfficeSubscription,
  OfficeTenant,
  Price,
  ServiceDetails,
  ServiceInfos,
  Statistics,
} from "../../provider/ovh/models/index.js";
import { client } from "./helpers.js";

const EXPANDED = { "X-Pagination-Mode": "CachedObjectList-Pages" };
let emu: EmulatorHandle;
let call: ReturnType<typeof client>;
let other: ReturnType<typeof client>;
let names: string[];

beforeAll(async () => {
  emu = await startEmulator();
  const mine = emu.createAccount();
  other = client(emu.url, emu.createAccount());
  call = client(emu.url, mine);
  names = [];
  for (let i = 0; i < 5; i += 1) {
    names.push(
      emu.createTenant({
        account: mine.nic,
        displayName: `Customer ${i}`,
        tags: { env: i % 2 === 0 ? "prod" : "test" },
        subscriptions: [
          {
            license: "Microsoft 365 Business Premium",
            quantity: 10 + i,
            addons: [{ license: 101, quantity: 2 }],
          },
        ],
      }).serviceName,
    );
  }
  names.sort();
});
afterAll(() => emu.stop());

describe("listing", () => {
  it("answers service names without the pagination header", async () => {
    const list = await call<string[]>("GET", "/saas/csp2");
    expect(list.status).toBe(200);
    expect(list.body).toEqual(names);
    for (const name of list.body) expect(name).toMatch(/^csp2-[0-9a-f]{8}$/);
  });

  it("answers full objects, page by page, with the expanded-listing header", async () => {
    const seen: string[] = [];
    for (const number of [1, 2, 3]) {
      const page = await call<unknown[]>("GET", "/saas/csp2", undefined, {
        headers: { ...EXPANDED, "X-Pagination-Size": "2", "X-Pagination-Number": String(number) },
      });
      expect(page.status).toBe(200);
      expect(page.headers.get("x-pagination-elements")).toBe("5");
      for (const item of page.body) seen.push(OfficeTenant.parse(item).serviceName);
    }
    expect(seen).toEqual(names);
  });

  it("expands subscriptions, tasks and orderable licences too", async () => {
    const subs = await call<unknown[]>("GET", `/saas/csp2/${names[0]}/subscription`, undefined, {
      headers: EXPANDED,
    });
    expect(subs.body.map((s) => OfficeSubscription.parse(s).licenseId)).toEqual([3, 101]);
    const licences = await call<unknown[]>("GET", `/saas/csp2/${names[0]}/orderableLicenses`, undefined, {
      headers: EXPANDED,
    });
    const parsed = licences.body.map((l) => OfficeLicence.parse(l));
    expect(parsed.map((l) => l.name)).toContain("Microsoft 365 Business Basic");
    expect(parsed.filter((l) => l.licenceType === "ADDON").length).toBeGreaterThanOrEqual(3);
    const tasks = await call<unknown[]>("GET", `/saas/csp2/${names[0]}/task`, undefined, {
      headers: EXPANDED,
    });
    expect(tasks.body).toEqual([]);
  });

  it("filters by iamTags with the published operators (NEXISTS, not NOT_EXISTS)", async () => {
    const tagged = async (filter: unknown) =>
      (await call<string[]>("GET", `/saas/csp2?iamTags=${encodeURIComponent(JSON.stringify(filter))}`)).body;
    expect(await tagged({ env: [{ operator: "EQ", value: "test" }] })).toHaveLength(2);
    expect(await tagged({ env: [{ operator: "NEXISTS" }] })).toEqual([]);
    expect(await tagged({ team: [{ operator: "NEXISTS" }] })).toHaveLength(names.length);
    expect(await tagged({ env: [{ operator: "ILIKE", value: "T%" }] })).toHaveLength(2);
    expect(await tagged({ env: [{ operator: "LIKE", value: "T%" }] })).toHaveLength(0);
    const old = await call(
      "GET",
      `/saas/csp2?iamTags=${encodeURIComponent('{"env":[{"operator":"NOT_EXISTS"}]}')}`,
    );
    expect(old.status).toBe(400);
    expect((await call("GET", "/saas/csp2?iamTags=nonsense")).status).toBe(400);
  });
});

describe("a tenant", () => {
  it("reads as OfficeTenantWithIAM and updates in place (read-only fields ignored)", async () => {
    const name = names[1]!;
    const put = await call("PUT", `/saas/csp2/${name}`, {
      displayName: "Renamed",
      mpnId: "7654321",
      status: "suspended",
      serviceName: "csp2-ffffffff",
    });
    expect(put.status).toBe(200);
    const tenant = OfficeTenant.parse((await call("GET", `/saas/csp2/${name}`)).body);
    expect(tenant).toMatchObject({
      displayName: "Renamed",
      mpnId: "7654321",
      status: "ok",
      serviceName: name,
    });
    expect(tenant.hasAcceptedNewMCA).toBe(true);
    expect(tenant.iam?.urn).toBe(`urn:v1:eu:resource:cspReseller:${name}`);
  });

  it("refuses a bad body naming the field: 400", async () => {
    const answer = await call<{ class: string; message: string }>("PUT", `/saas/csp2/${names[1]}`, {
      email: "not-an-email",
      zipCode: 59100,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.class).toBe("Client::BadRequest");
    expect(answer.body.message).toContain("email");
    expect(answer.body.message).toContain("zipCode");
    const broken = await call<{ message: string }>("PUT", `/saas/csp2/${names[1]}`, undefined, {
      rawBody: "{oops",
    });
    expect(broken.status).toBe(400);
  });

  it("is a 404 for another account, on every route, exactly like a missing one", async () => {
    const name = names[0]!;
    const sub = (await call<number[]>("GET", `/saas/csp2/${name}/subscription`)).body[0]!;
    const serviceId = ServiceInfos.parse(
      (await call("GET", `/saas/csp2/${name}/serviceInfos`)).body,
    ).serviceId;
    const attempts: [string, string, unknown?][] = [
      ["GET", `/saas/csp2/${name}`],
      ["PUT", `/saas/csp2/${name}`, { displayName: "mine now" }],
      ["GET", `/saas/csp2/${name}/serviceInfos`],
      ["GET", `/saas/csp2/${name}/subscription`],
      ["GET", `/saas/csp2/${name}/subscription/${sub}`],
      ["DELETE", `/saas/csp2/${name}/subscription/${sub}`],
      ["POST", `/saas/csp2/${name}/subscription/${sub}/changeQuantity`, { quantity: 1 }],
      ["GET", `/saas/csp2/${name}/task`],
      ["GET", `/services/${serviceId}`],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await other<{ class: string }>(method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.class).toBe("Client::NotFound");
    }
    expect((await other<string[]>("GET", "/saas/csp2")).body).toEqual([]);
    expect((await other<number[]>("GET", `/services?resourceName=${name}`)).body).toEqual([]);
    expect((await call("GET", "/saas/csp2/csp2-00000000")).status).toBe(404);
  });

  it("has no changeAdministratorPassword or configureDomain any more (removed 2023): 404", async () => {
    const a = await call("POST", `/saas/csp2/${names[0]}/changeAdministratorPassword`, { newPassword: "x" });
    const b = await call("POST", `/saas/csp2/${names[0]}/configureDomain`, {
      domain: "x.com",
      supportedServices: [],
    });
    expect([a.status, b.status]).toEqual([404, 404]);
    expect(a.body).toMatchObject({ class: "Client::NotFound" });
  });

  it("reports billing peaks and usage statistics", async () => {
    const subs = await call<unknown[]>("GET", `/saas/csp2/${names[2]}/subscription`, undefined, {
      headers: EXPANDED,
    });
    const seats = subs.body.map((s) => OfficeSubscription.parse(s)).find((s) => s.licenseId === 3)!.quantity;
    const peaks = BillingStatistics.parse(
      (await call("GET", `/saas/csp2/${names[2]}/billingPeriodPeaks`)).body,
    );
    // saas.csp2.BillingStatistics has `date`s: the first and last day of the current month.
    const month = emu.now().toISOString().slice(0, 7);
    expect(peaks.startDate).toBe(`${month}-01`);
    expect(peaks.endDate).toMatch(new RegExp(`^${month}-(28|29|30|31)$`));
    expect(peaks.lines).toContainEqual({
      licenceId: 3,
      licenceName: "Microsoft 365 Business Premium",
      peakCount: seats,
    });
    const stats = await call<unknown[]>("GET", `/saas/csp2/${names[2]}/usageStatistics?timePeriod=lastWeek`);
    expect(stats.body).toHaveLength(7);
    const today = Statistics.parse(stats.body.at(-1));
    expect(today.lines.find((l) => l.licenceId === 3)).toMatchObject({
      endOfDayCount: seats,
      peakCount: seats,
    });
    const missing = await call<{ message: string }>("GET", `/saas/csp2/${names[2]}/usageStatistics`);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain("timePeriod");
  });
});

describe("ending a tenant", () => {
  it("deleteAtExpiration through serviceInfos ends it at expiry; /services shows the lifecycle", async () => {
    const name = names[4]!;
    const infos = ServiceInfos.parse((await call("GET", `/saas/csp2/${name}/serviceInfos`)).body);
    expect(infos).toMatchObject({ canDeleteAtExpiration: true, domain: name, status: "ok" });
    expect(
      (await call<number[]>("GET", `/services?resourceName=${name}&routes=/saas/csp2/{serviceName}`)).body,
    ).toEqual([infos.serviceId]);
    const put = await call("PUT", `/saas/csp2/${name}/serviceInfos`, {
      renew: { ...infos.renew, deleteAtExpiration: true },
    });
    expect(put.status).toBe(200);
    const service = ServiceDetails.parse((await call("GET", `/services/${infos.serviceId}`)).body);
    expect(service.billing.lifecycle?.current.pendingActions).toEqual(["terminateAtExpirationDate"]);
    expect(service.resource).toMatchObject({ name, state: "active" });

    emu.advanceClock(32 * 86_400);
    expect((await call("GET", `/saas/csp2/${name}`)).status).toBe(404);
    expect((await call<string[]>("GET", "/saas/csp2")).body).not.toContain(name);
    const ended = ServiceDetails.parse((await call("GET", `/services/${infos.serviceId}`)).body);
    expect(ended.billing.lifecycle?.current.state).toBe("terminated");
    expect(ended.resource.state).toBe("deleted");
    // The other tenants renewed automatically.
    const kept = ServiceInfos.parse((await call("GET", `/saas/csp2/${names[0]}/serviceInfos`)).body);
    expect(Date.parse(kept.expiration)).toBeGreaterThan(emu.now().getTime());
  });
});

describe("prices", () => {
  it("answers the monthly price of a licence price name, signed or not", async () => {
    const answer = (await call("GET", "/price/saas/csp2/license/EnterpriseE3")).body;
    // order.Price as price.json declares it: no priceInUcents.
    expect(answer).toEqual({ currencyCode: "EUR", value: 22.7, text: "22.70 €" });
    const price = Price.parse(answer);
    expect(price.value).toBe(22.7);
    const anonymous = await fetch(`${emu.url}/price/saas/csp2/license/ExchangeOnlinePlan1`);
    expect(Price.parse(await anonymous.json()).value).toBe(3.7);
    expect((await call("GET", "/price/saas/csp2/license/NoSuchLicence")).status).toBe(400);
    // The path parameter is a price.Saas.Csp2.LicenseEnum: the emulator's own price names are outside it.
    const own = await call<{ message: string }>("GET", "/price/saas/csp2/license/Microsoft365E5");
    expect(own.status).toBe(400);
    expect(own.body.message).toContain("price.Saas.Csp2.LicenseEnum");
  });
});
