// Contract: tenant, licence, statistics and price operations against the real emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OvhApiError } from "../../provider/ovh/index.js";
import { type Harness, startHarness } from "./emulator-harness.js";

let h: Harness;
let serviceName: string;

beforeAll(async () => {
  h = await startHarness();
  serviceName = h.emu.createTenant({
    account: h.account.nic,
    displayName: "Contoso",
    mpnId: "1234567",
    subscriptions: [{ license: 2, quantity: 5 }],
  }).serviceName;
});
afterAll(() => h.close());

describe("account and tenants", () => {
  it("whoAmI names the account", async () => {
    await expect(h.api.whoAmI()).resolves.toEqual({ nic: h.account.nic, subsidiary: expect.any(String) });
  });

  it("lists tenant names and expanded tenants; gets one", async () => {
    expect(await h.api.listTenantNames()).toContain(serviceName);
    const tenants = await h.api.listTenants();
    expect(tenants.map((t) => t.serviceName)).toContain(serviceName);
    const tenant = await h.api.getTenant(serviceName);
    expect(tenant).toMatchObject({ serviceName, displayName: "Contoso", mpnId: "1234567", status: "ok" });
  });

  it("lists a fleet with expanded listing: one call per page, not one per tenant", async () => {
    const other = h.emu.createAccount({});
    for (let i = 0; i < 60; i++) h.emu.createTenant({ account: other.nic, displayName: `Fleet ${i}` });
    const { api } = h.connect({
      applicationKey: other.applicationKey,
      applicationSecret: other.applicationSecret,
      consumerKey: other.consumerKey,
      pageSize: 25,
    });
    await h.admin.clearCalls();
    const tenants = await api.listTenants();
    expect(tenants).toHaveLength(60);
    const calls = (await h.admin.calls()).filter((c) => c.account === other.nic);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(Array(3).fill("GET /saas/csp2"));
  });

  it("updateTenant read-merge-writes the writable fields", async () => {
    await h.api.updateTenant(serviceName, { displayName: "Contoso Europe", city: "Lyon" });
    const tenant = await h.api.getTenant(serviceName);
    expect(tenant).toMatchObject({ displayName: "Contoso Europe", city: "Lyon", mpnId: "1234567" });
  });

  it("answers another account's tenant with a 404 that names the possibility", async () => {
    const stranger = h.emu.createAccount({});
    const { api } = h.connect({
      applicationKey: stranger.applicationKey,
      applicationSecret: stranger.applicationSecret,
      consumerKey: stranger.consumerKey,
    });
    const error = await api.getTenant(serviceName).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error).toMatchObject({ status: 404, errorClass: "Client::NotFound" });
    expect((error as Error).message).toMatch(/belongs to another OVHcloud account/);
  });

  it("reads service infos and ends the tenant at expiry (idempotent)", async () => {
    const infos = await h.api.getServiceInfos(serviceName);
    expect(infos.domain).toBe(serviceName);
    const ended = await h.api.terminateTenantAtExpiry(serviceName);
    expect(ended.renew?.deleteAtExpiration).toBe(true);
    await expect(h.api.terminateTenantAtExpiry(serviceName)).resolves.toMatchObject({
      renew: { deleteAtExpiration: true },
    });
  });
});

describe("licences, statistics and prices", () => {
  it("lists orderable licences (expanded) and gets one", async () => {
    const licences = await h.api.listOrderableLicences(serviceName);
    expect(licences.length).toBeGreaterThan(5);
    const standard = licences.find((l) => l.id === 2)!;
    expect(standard).toMatchObject({ licenceType: "NON-SPECIFIC", newSeatsAllowed: true });
    await expect(h.api.getOrderableLicence(serviceName, 2)).resolves.toEqual(standard);
  });

  it("reads usage statistics and billing peaks", async () => {
    const stats = await h.api.usageStatistics(serviceName, "lastWeek");
    expect(Array.isArray(stats)).toBe(true);
    const peaks = await h.api.billingPeriodPeaks(serviceName);
    expect(peaks.lines.some((l) => l.licenceId === 2)).toBe(true);
  });

  it("prices a licence by name", async () => {
    const price = await h.api.licencePrice("BusinessPremium");
    expect(price).toMatchObject({ currencyCode: expect.any(String), value: expect.any(Number) });
    await expect(h.api.licencePrice("NoSuchLicence")).rejects.toMatchObject({ status: expect.any(Number) });
  });
});
