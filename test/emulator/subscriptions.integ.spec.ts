// Subscription lifecycle through tasks on the virtual clock, and Microsoft's rules: the 168-hour
// window for reductions and cancellations, the MCA, licence limits and flags, add-on eligibility.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { OfficeSubscription, OfficeTask } from "../../provider/ovh/models/index.js";
import { admin, client } from "./helpers.js";

let emu: EmulatorHandle;
let call: ReturnType<typeof client>;
let colleague: ReturnType<typeof client>;
let nic: string;

beforeAll(async () => {
  emu = await startEmulator({ taskSeconds: 4 });
  const account = emu.createAccount();
  nic = account.nic;
  call = client(emu.url, account);
  // "Behind the client's back": another credential of the same account, as a colleague in the UI.
  colleague = client(emu.url, emu.addCredential(nic));
});
afterAll(() => emu.stop());

const advance = (seconds: number) => admin(emu.adminUrl, "POST", "/clock", { advanceSeconds: seconds });

function tenant(options: Record<string, unknown> = {}) {
  return emu.createTenant({ account: nic, displayName: "Rules", ...options } as never);
}

async function subscription(s: string, id: number) {
  return OfficeSubscription.parse((await call("GET", `/saas/csp2/${s}/subscription/${id}`)).body);
}

async function task(s: string, id: number) {
  return OfficeTask.parse((await call("GET", `/saas/csp2/${s}/task/${id}`)).body);
}

describe("lifecycle", () => {
  it("creates, changes and cancels through tasks todo → doing → done", async () => {
    const { serviceName: s } = tenant();
    const created = await call("POST", `/saas/csp2/${s}/subscription`, { licenseId: 5, quantity: 3 });
    expect(created.status).toBe(200);
    const t1 = OfficeTask.parse(created.body);
    expect(t1).toMatchObject({ function: "addSubscription", status: "todo", finishDate: null });

    const ids = (await call<number[]>("GET", `/saas/csp2/${s}/subscription`)).body;
    expect(ids).toHaveLength(1);
    const id = ids[0]!;
    expect(await subscription(s, id)).toMatchObject({
      status: "creating",
      taskPendingId: t1.id,
      quantity: 3,
    });

    await advance(2);
    expect((await task(s, t1.id)).status).toBe("doing");
    await advance(2);
    expect((await task(s, t1.id)).status).toBe("done");
    expect((await task(s, t1.id)).finishDate).toBeTruthy();
    expect(await subscription(s, id)).toMatchObject({ status: "active", taskPendingId: 0, quantity: 3 });

    const up = OfficeTask.parse(
      (await call("POST", `/saas/csp2/${s}/subscription/${id}/changeQuantity`, { quantity: 7 })).body,
    );
    expect(up.function).toBe("changeQuantity");
    expect(await subscription(s, id)).toMatchObject({ quantity: 3, taskPendingId: up.id });
    const busy = await call("POST", `/saas/csp2/${s}/subscription/${id}/changeQuantity`, { quantity: 8 });
    expect(busy.status).toBe(409);
    await advance(4);
    expect(await subscription(s, id)).toMatchObject({ quantity: 7, taskPendingId: 0 });

    const del = OfficeTask.parse((await call("DELETE", `/saas/csp2/${s}/subscription/${id}`)).body);
    expect(del.function).toBe("deleteSubscription");
    expect((await subscription(s, id)).status).toBe("deleting");
    await advance(4);
    expect((await call("GET", `/saas/csp2/${s}/subscription/${id}`)).status).toBe(404);
    const all = (await call<number[]>("GET", `/saas/csp2/${s}/task`)).body;
    expect(all).toEqual([t1.id, up.id, del.id]);
  });

  it("finishes tasks on real time too (a few seconds by default)", async () => {
    const fast = await startEmulator({ taskSeconds: 0.2 });
    try {
      const account = fast.createAccount();
      const { serviceName: s } = fast.createTenant({ account: account.nic, displayName: "Fast" });
      const c = client(fast.url, account);
      const t = OfficeTask.parse(
        (await c("POST", `/saas/csp2/${s}/subscription`, { licenseId: 1, quantity: 1 })).body,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(OfficeTask.parse((await c("GET", `/saas/csp2/${s}/task/${t.id}`)).body).status).toBe("done");
    } finally {
      await fast.stop();
    }
  });

  it("orders add-ons only from availableAddonLicenses, and cancels them with their parent", async () => {
    const { serviceName: s, subscriptions } = tenant({
      subscriptions: [
        { license: "Office 365 E3", quantity: 10 },
        { license: "Exchange Online (Plan 1)", quantity: 2 },
      ],
    });
    const [e3, exchange] = subscriptions.map((x) => x.id) as [number, number];
    const available = (
      await call<number[]>("GET", `/saas/csp2/${s}/subscription/${e3}/availableAddonLicenses`)
    ).body;
    expect(available).toEqual([101, 103]);
    const wrong = await call<{ message: string }>(
      "POST",
      `/saas/csp2/${s}/subscription/${exchange}/orderAddon`,
      {
        licenseId: 101,
        quantity: 1,
      },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toContain("licenseId");
    const direct = await call("POST", `/saas/csp2/${s}/subscription`, { licenseId: 101, quantity: 1 });
    expect(direct.status).toBe(400);

    const t = OfficeTask.parse(
      (await call("POST", `/saas/csp2/${s}/subscription/${e3}/orderAddon`, { licenseId: 101, quantity: 4 }))
        .body,
    );
    expect(t.function).toBe("orderAddon");
    await advance(4);
    const addons = (await call<number[]>("GET", `/saas/csp2/${s}/subscription/${e3}/addonsSubscriptionIds`))
      .body;
    expect(addons).toHaveLength(1);
    expect(await subscription(s, addons[0]!)).toMatchObject({
      licenseId: 101,
      quantity: 4,
      status: "active",
    });

    await call("DELETE", `/saas/csp2/${s}/subscription/${e3}`);
    await advance(4);
    expect((await call<number[]>("GET", `/saas/csp2/${s}/subscription`)).body).toEqual([exchange]);
  });

  it("shows a colleague's change made with another credential of the same account", async () => {
    const { serviceName: s, subscriptions } = tenant({ subscriptions: [{ license: 1, quantity: 5 }] });
    const id = subscriptions[0]!.id;
    expect(
      (await colleague("POST", `/saas/csp2/${s}/subscription/${id}/changeQuantity`, { quantity: 9 })).status,
    ).toBe(200);
    await advance(4);
    expect((await subscription(s, id)).quantity).toBe(9);
    expect(
      emu
        .calls()
        .filter((c) => c.path.endsWith("/changeQuantity"))
        .at(-1)?.account,
    ).toBe(nic);
  });

  it("refuses bad bodies naming the field", async () => {
    const { serviceName: s, subscriptions } = tenant({ subscriptions: [{ license: 1, quantity: 5 }] });
    const a = await call<{ message: string }>("POST", `/saas/csp2/${s}/subscription`, {
      licenseId: "5",
      quantity: 1.5,
    });
    expect(a.status).toBe(400);
    expect(a.body.message).toMatch(/licenseId/);
    expect(a.body.message).toMatch(/quantity/);
    const b = await call<{ message: string }>(
      "POST",
      `/saas/csp2/${s}/subscription/${subscriptions[0]!.id}/changeQuantity`,
      {},
    );
    expect(b.status).toBe(400);
    expect(b.body.message).toContain("quantity");
    const zero = await call("POST", `/saas/csp2/${s}/subscription/${subscriptions[0]!.id}/changeQuantity`, {
      quantity: 0,
    });
    expect(zero.status).toBe(400);
    const unknown = await call("POST", `/saas/csp2/${s}/subscription`, { licenseId: 999, quantity: 1 });
    expect(unknown.status).toBe(400);
  });
});

describe("Microsoft's rules", () => {
  it("allows reductions and cancellation within 168 h of purchase only; increases always", async () => {
    const { serviceName: s, subscriptions } = tenant({
      subscriptions: [
        { license: 5, quantity: 10, purchasedHoursAgo: 167 },
        { license: 5, quantity: 10, purchasedHoursAgo: 169 },
      ],
    });
    const [fresh, old] = subscriptions.map((x) => x.id) as [number, number];
    expect(
      (await call("POST", `/saas/csp2/${s}/subscription/${fresh}/changeQuantity`, { quantity: 8 })).status,
    ).toBe(200);

    const reduce = await call<{ class: string; message: string }>(
      "POST",
      `/saas/csp2/${s}/subscription/${old}/changeQuantity`,
      { quantity: 8 },
    );
    expect(reduce.status).toBe(403);
    expect(reduce.body.class).toBe("Client::Forbidden::SeatReductionWindowClosed");
    expect(reduce.body.message).toContain("168 hours");
    const cancel = await call<{ class: string }>("DELETE", `/saas/csp2/${s}/subscription/${old}`);
    expect(cancel.status).toBe(403);
    expect(cancel.body.class).toBe("Client::Forbidden::CancellationWindowClosed");
    expect((await call<number[]>("GET", `/saas/csp2/${s}/task`)).body).toHaveLength(1); // no task for refusals

    // Adding seats is always allowed and reopens the window.
    expect(
      (await call("POST", `/saas/csp2/${s}/subscription/${old}/changeQuantity`, { quantity: 12 })).status,
    ).toBe(200);
    await advance(4);
    expect(
      (await call("POST", `/saas/csp2/${s}/subscription/${old}/changeQuantity`, { quantity: 11 })).status,
    ).toBe(200);
    await advance(4);
    await advance(169 * 3600);
    expect((await call("DELETE", `/saas/csp2/${s}/subscription/${old}`)).status).toBe(403);
  });

  it("refuses purchases and seat changes until the customer accepts the new MCA", async () => {
    const { serviceName: s, subscriptions } = tenant({
      hasAcceptedNewMCA: false,
      subscriptions: [{ license: 1, quantity: 5 }],
    });
    const id = subscriptions[0]!.id;
    const attempts = [
      await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription`, { licenseId: 1, quantity: 1 }),
      await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription/${id}/changeQuantity`, {
        quantity: 6,
      }),
      await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription/${id}/changeQuantity`, {
        quantity: 4,
      }),
      await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription/${id}/orderAddon`, {
        licenseId: 102,
        quantity: 1,
      }),
    ];
    for (const a of attempts) {
      expect(a.status).toBe(403);
      expect(a.body.class).toBe("Client::Forbidden::McaNotAccepted");
    }
    expect(
      ((await call("GET", `/saas/csp2/${s}`)).body as { hasAcceptedNewMCA: boolean }).hasAcceptedNewMCA,
    ).toBe(false);
    await admin(emu.adminUrl, "PATCH", `/tenants/${s}`, { hasAcceptedNewMCA: true });
    expect(
      (await call("POST", `/saas/csp2/${s}/subscription/${id}/changeQuantity`, { quantity: 6 })).status,
    ).toBe(200);
  });

  it("enforces the licence limit per tenant and the catalogue's flags", async () => {
    const { serviceName: s, subscriptions } = tenant({
      subscriptions: [
        { license: "Microsoft 365 Business Basic", quantity: 250 },
        { license: "Office 365 E1", quantity: 5 },
        { license: "Office 365 ProPlus", quantity: 5 },
      ],
    });
    const [basic, e1, proplus] = subscriptions.map((x) => x.id) as [number, number, number];
    const over = await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription`, {
      licenseId: 1,
      quantity: 51,
    });
    expect(over.body.class).toBe("Client::Forbidden::LicenceLimitExceeded");
    expect((await call("POST", `/saas/csp2/${s}/subscription`, { licenseId: 1, quantity: 50 })).status).toBe(
      200,
    );
    const grow = await call<{ class: string }>(
      "POST",
      `/saas/csp2/${s}/subscription/${basic}/changeQuantity`,
      { quantity: 251 },
    );
    expect(grow.body.class).toBe("Client::Forbidden::LicenceLimitExceeded");

    const newE1 = await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription`, {
      licenseId: 9,
      quantity: 1,
    });
    expect(newE1.body.class).toBe("Client::Forbidden::NewSubscriptionsNotAllowed");
    expect(
      (await call("POST", `/saas/csp2/${s}/subscription/${e1}/changeQuantity`, { quantity: 6 })).status,
    ).toBe(200);
    const more = await call<{ class: string }>(
      "POST",
      `/saas/csp2/${s}/subscription/${proplus}/changeQuantity`,
      { quantity: 6 },
    );
    expect(more.body.class).toBe("Client::Forbidden::NewSeatsNotAllowed");
  });

  it("refuses changes on a suspended tenant", async () => {
    const { serviceName: s } = tenant({ status: "suspended" });
    const answer = await call<{ class: string }>("POST", `/saas/csp2/${s}/subscription`, {
      licenseId: 1,
      quantity: 1,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.class).toBe("Client::Forbidden::ServiceNotActive");
  });
});
