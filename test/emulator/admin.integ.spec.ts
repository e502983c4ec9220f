// The admin API's outside contract (DESIGN.md "The emulator") and its documented extensions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { OfficeSubscription, OfficeTenant } from "../../provider/ovh/models/index.js";
import { admin, client } from "./helpers.js";

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.stop());

interface Creds {
  nic: string;
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  clientId: string;
  clientSecret: string;
}

describe("POST /_emulator/accounts", () => {
  it("answers 201 with the account's credentials; a NIC is generated when absent", async () => {
    const made = await admin<Creds>(emu.adminUrl, "POST", "/accounts", {});
    expect(made.status).toBe(201);
    expect(Object.keys(made.body).sort()).toEqual(
      ["applicationKey", "applicationSecret", "clientId", "clientSecret", "consumerKey", "nic"].sort(),
    );
    expect(made.body.nic).toMatch(/^[a-z]{2}\d{5}-ovh$/);
    const named = await admin<Creds>(emu.adminUrl, "POST", "/accounts", {
      nic: "xy99999-ovh",
      ovhSubsidiary: "DE",
    });
    expect(named.body.nic).toBe("xy99999-ovh");
    const me = await client(emu.url, named.body)<{ ovhSubsidiary: string }>("GET", "/me");
    expect(me.body.ovhSubsidiary).toBe("DE");
    expect((await admin(emu.adminUrl, "POST", "/accounts", { nic: "xy99999-ovh" })).status).toBe(409);
    expect((await admin(emu.adminUrl, "POST", "/accounts", { nic: "" })).status).toBe(400);
    // Only subsidiaries of OVHcloud's EU API (nichandle.OvhSubsidiaryEnum): CSP2 is sold there alone.
    expect((await admin(emu.adminUrl, "POST", "/accounts", { ovhSubsidiary: "CA" })).status).toBe(400);
  });

  it("adds consumer keys for the same account", async () => {
    const extra = await admin<Creds>(emu.adminUrl, "POST", "/accounts/xy99999-ovh/credentials", {});
    expect(extra.status).toBe(201);
    expect(extra.body.nic).toBe("xy99999-ovh");
    expect((await client(emu.url, extra.body)<{ nichandle: string }>("GET", "/me")).body.nichandle).toBe(
      "xy99999-ovh",
    );
    expect((await admin(emu.adminUrl, "POST", "/accounts/nobody-ovh/credentials", {})).status).toBe(404);
  });
});

describe("POST /_emulator/tenants", () => {
  it("seeds a delivered tenant with subscriptions by licence name or id", async () => {
    const made = await admin<{
      serviceName: string;
      subscriptions: { id: number; licenseId: number; quantity: number }[];
    }>(emu.adminUrl, "POST", "/tenants", {
      account: "xy99999-ovh",
      displayName: "Seeded",
      subscriptions: [
        { license: "Microsoft 365 Business Basic", quantity: 3 },
        { license: 5, quantity: 2 },
      ],
    });
    expect(made.status).toBe(201);
    expect(made.body.serviceName).toMatch(/^csp2-[0-9a-f]{8}$/);
    expect(made.body.subscriptions.map(({ licenseId, quantity }) => ({ licenseId, quantity }))).toEqual([
      { licenseId: 1, quantity: 3 },
      { licenseId: 5, quantity: 2 },
    ]);
    const creds = (await admin<Creds>(emu.adminUrl, "POST", "/accounts/xy99999-ovh/credentials", {})).body;
    const call = client(emu.url, creds);
    const tenant = OfficeTenant.parse((await call("GET", `/saas/csp2/${made.body.serviceName}`)).body);
    expect(tenant).toMatchObject({ displayName: "Seeded", status: "ok", hasAcceptedNewMCA: true });
    const sub = OfficeSubscription.parse(
      (
        await call(
          "GET",
          `/saas/csp2/${made.body.serviceName}/subscription/${made.body.subscriptions[0]!.id}`,
        )
      ).body,
    );
    expect(sub).toMatchObject({ status: "active", taskPendingId: 0, quantity: 3 });
  });

  it("refuses unknown accounts, licences and add-ons outside their parent", async () => {
    expect(
      (await admin(emu.adminUrl, "POST", "/tenants", { account: "nobody", displayName: "x" })).status,
    ).toBe(404);
    const badLicence = await admin<{ message: string }>(emu.adminUrl, "POST", "/tenants", {
      account: "xy99999-ovh",
      displayName: "x",
      subscriptions: [{ license: "Windows 95", quantity: 1 }],
    });
    expect(badLicence.status).toBe(400);
    expect(badLicence.body.message).toContain("subscriptions.0.license");
    const badAddon = await admin(emu.adminUrl, "POST", "/tenants", {
      account: "xy99999-ovh",
      displayName: "x",
      subscriptions: [{ license: 7, quantity: 1, addons: [{ license: 101, quantity: 1 }] }],
    });
    expect(badAddon.status).toBe(400);
    expect((await admin(emu.adminUrl, "POST", "/tenants", { account: "xy99999-ovh" })).status).toBe(400);
    // A refused seed leaves nothing half-made: the first subscription was fine, the second was not.
    const before = Object.keys(emu.state().tenants).length;
    const half = await admin(emu.adminUrl, "POST", "/tenants", {
      account: "xy99999-ovh",
      displayName: "Half",
      subscriptions: [
        { license: 1, quantity: 1 },
        { license: 101, quantity: 1 },
      ],
    });
    expect(half.status).toBe(400);
    expect(Object.keys(emu.state().tenants)).toHaveLength(before);
  });

  it("extension: seeds many tenants in one call, all of them or none", async () => {
    const account = emu.createAccount();
    const made = await admin<{ tenants: { serviceName: string; subscriptions: { id: number }[] }[] }>(
      emu.adminUrl,
      "POST",
      "/tenants/bulk",
      {
        tenants: Array.from({ length: 40 }, (_, i) => ({
          account: account.nic,
          displayName: `Bulk ${i}`,
          subscriptions: [{ license: 2, quantity: 1 + i }],
        })),
      },
    );
    expect(made.status).toBe(201);
    expect(made.body.tenants).toHaveLength(40);
    const listed = await client(emu.url, account)<string[]>("GET", "/saas/csp2");
    expect(listed.body.sort()).toEqual(made.body.tenants.map((t) => t.serviceName).sort());

    const refused = await admin<{ message: string }>(emu.adminUrl, "POST", "/tenants/bulk", {
      tenants: [
        { account: account.nic, displayName: "Fine" },
        { account: account.nic, displayName: "Bad", subscriptions: [{ license: "Windows 95", quantity: 1 }] },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("tenants.1.subscriptions.0.license");
    expect((await client(emu.url, account)<string[]>("GET", "/saas/csp2")).body).toHaveLength(40);
    expect((await admin(emu.adminUrl, "POST", "/tenants/bulk", { tenants: [] })).status).toBe(400);
  });

  it("extensions: seed options, PATCH a tenant or a subscription", async () => {
    const made = emu.createTenant({
      account: "xy99999-ovh",
      displayName: "Old customer",
      hasAcceptedNewMCA: false,
      purchasedHoursAgo: 1000,
      mpnId: null,
      subscriptions: [{ license: 5, quantity: 1 }],
    });
    const patched = await admin<{ hasAcceptedNewMCA: boolean; status: string }>(
      emu.adminUrl,
      "PATCH",
      `/tenants/${made.serviceName}`,
      { hasAcceptedNewMCA: true, status: "inMaintenance" },
    );
    expect(patched.body).toMatchObject({ hasAcceptedNewMCA: true, status: "inMaintenance" });
    // A status OVHcloud does not publish is refused: seeds never make the emulator answer one.
    const unpublished = await admin(emu.adminUrl, "PATCH", `/tenants/${made.serviceName}`, {
      status: "frozen",
    });
    expect(unpublished.status).toBe(400);
    const sub = await admin<{ creationDate: string }>(
      emu.adminUrl,
      "PATCH",
      `/tenants/${made.serviceName}/subscriptions/${made.subscriptions[0]!.id}`,
      { purchasedHoursAgo: 1 },
    );
    expect(sub.status).toBe(200);
    expect(emu.state().tenants[made.serviceName]!.mpnId).toBeNull();
  });
});

describe("clock, calls, state", () => {
  it("advances the virtual clock and reports it", async () => {
    const before = (await admin<{ now: string }>(emu.adminUrl, "GET", "/clock")).body.now;
    const after = await admin<{ now: string; offsetSeconds: number }>(emu.adminUrl, "POST", "/clock", {
      advanceSeconds: 3600,
    });
    expect(Date.parse(after.body.now) - Date.parse(before)).toBeGreaterThanOrEqual(3_600_000);
    expect((await admin(emu.adminUrl, "POST", "/clock", { advanceSeconds: -5 })).status).toBe(400);
  });

  it("logs API calls (not admin calls) as {at, method, path, status, account}, and clears them", async () => {
    await admin(emu.adminUrl, "DELETE", "/calls");
    await fetch(`${emu.url}/auth/time?x=1`);
    const calls = (await admin<Record<string, unknown>[]>(emu.adminUrl, "GET", "/calls")).body;
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: "GET",
      path: "/auth/time",
      status: 200,
      account: null,
      query: "x=1",
    });
    expect(Date.parse(calls[0]!.at as string)).not.toBeNaN();
    expect((await admin(emu.adminUrl, "DELETE", "/calls")).status).toBe(200);
    expect((await admin<unknown[]>(emu.adminUrl, "GET", "/calls")).body).toEqual([]);
  });

  it("dumps the state and answers 404 for unknown admin routes", async () => {
    const state = (await admin<{ accounts: Record<string, unknown> }>(emu.adminUrl, "GET", "/state")).body;
    expect(Object.keys(state.accounts)).toContain("xy99999-ovh");
    expect((await admin(emu.adminUrl, "GET", "/nope")).status).toBe(404);
  });
});
