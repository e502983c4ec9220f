// Contract: the subscription lifecycle with task waits, add-ons, and Microsoft's rules surfaced as
// readable OvhApiErrors, against the real emulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OvhApiError, OvhTaskError } from "../../provider/ovh/index.js";
import { advancing, type Harness, startHarness } from "./emulator-harness.js";

let h: Harness;
let serviceName: string;

beforeAll(async () => {
  h = await startHarness();
  serviceName = h.emu.createTenant({ account: h.account.nic, displayName: "Fabrikam" }).serviceName;
});
afterAll(() => h.close());

async function refusal(promise: Promise<unknown>): Promise<OvhApiError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OvhApiError);
  return error as OvhApiError;
}

describe("subscription lifecycle", () => {
  it("adds, raises, lowers within the window, then refuses a reduction after 168 hours", async () => {
    const task = await h.api.addSubscription(serviceName, { licenseId: 3, quantity: 5 });
    expect(task).toMatchObject({ function: "addSubscription", status: expect.stringMatching(/todo|doing/) });
    const creating = (await h.api.listSubscriptions(serviceName)).find((s) => s.taskPendingId === task.id)!;
    expect(creating.status).toBe("creating");
    const progress: string[] = [];
    const done = await h.api.waitForTask(serviceName, task.id, {
      ...advancing(h.emu),
      onProgress: (message) => {
        progress.push(message);
        h.emu.advanceClock(5);
      },
    });
    expect(done.status).toBe("done");
    expect(progress.at(-1)).toMatch(
      new RegExp(`Task ${task.id} \\(addSubscription\\) of ${serviceName}: done`),
    );
    const sub = await h.api.getSubscription(serviceName, creating.id);
    expect(sub).toMatchObject({ status: "active", quantity: 5, taskPendingId: 0, licenseId: 3 });

    const up = await h.api.changeQuantity(serviceName, sub.id, 8);
    expect(up.function).toBe("changeQuantity");
    await h.api.waitForTask(serviceName, up.id, advancing(h.emu));
    expect((await h.api.getSubscription(serviceName, sub.id)).quantity).toBe(8);

    const down = await h.api.changeQuantity(serviceName, sub.id, 6);
    await h.api.waitForTask(serviceName, down.id, advancing(h.emu));
    expect((await h.api.getSubscription(serviceName, sub.id)).quantity).toBe(6);

    await h.admin.advanceClock(200 * 3600);
    const refused = await refusal(h.api.changeQuantity(serviceName, sub.id, 4));
    expect(refused).toMatchObject({
      status: 403,
      errorClass: "Client::Forbidden::SeatReductionWindowClosed",
    });
    expect(refused.message).toMatch(
      new RegExp(
        `^POST /saas/csp2/${serviceName}/subscription/${sub.id}/changeQuantity failed with 403 Client::Forbidden::SeatReductionWindowClosed: .+OVHcloud or Microsoft refused this change`,
      ),
    );
    expect(refused.queryId).toBeTruthy();
    expect(refused.mayHaveApplied).toBe(false);

    const cancel = await refusal(h.api.cancelSubscription(serviceName, sub.id));
    expect(cancel.errorClass).toBe("Client::Forbidden::CancellationWindowClosed");
    // Raising is always allowed.
    const raise = await h.api.changeQuantity(serviceName, sub.id, 7);
    await h.api.waitForTask(serviceName, raise.id, advancing(h.emu));
  });

  it("orders an add-on among the available ones and lists it under its parent", async () => {
    const add = await h.api.addSubscription(serviceName, { licenseId: 5, quantity: 3 });
    await h.api.waitForTask(serviceName, add.id, advancing(h.emu));
    const parent = (await h.api.listSubscriptions(serviceName)).find((s) => s.licenseId === 5)!;
    const available = await h.api.availableAddonLicences(serviceName, parent.id);
    expect(available).toEqual(expect.arrayContaining([101, 103]));
    const task = await h.api.orderAddon(serviceName, parent.id, { licenseId: 101, quantity: 2 });
    expect(task.function).toBe("orderAddon");
    await h.api.waitForTask(serviceName, task.id, advancing(h.emu));
    const addonIds = await h.api.addonSubscriptionIds(serviceName, parent.id);
    expect(addonIds).toHaveLength(1);
    expect(await h.api.getSubscription(serviceName, addonIds[0]!)).toMatchObject({
      licenseId: 101,
      quantity: 2,
    });
    const wrong = await refusal(h.api.orderAddon(serviceName, parent.id, { licenseId: 102, quantity: 1 }));
    expect(wrong).toMatchObject({ status: 400, errorClass: "Client::BadRequest" });
    expect(wrong.message).toMatch(/availableAddonLicenses/);
  });

  it("cancels within the window: the task completes and the subscription is gone", async () => {
    const add = await h.api.addSubscription(serviceName, { licenseId: 7, quantity: 1 });
    await h.api.waitForTask(serviceName, add.id, advancing(h.emu));
    const sub = (await h.api.listSubscriptions(serviceName)).find((s) => s.licenseId === 7)!;
    const cancel = await h.api.cancelSubscription(serviceName, sub.id);
    expect(cancel.function).toBe("deleteSubscription");
    await h.api.waitForTask(serviceName, cancel.id, advancing(h.emu));
    const gone = await refusal(h.api.getSubscription(serviceName, sub.id));
    expect(gone.status).toBe(404);
  });

  it("lists tasks (expanded) and reads one", async () => {
    const tasks = await h.api.listTasks(serviceName);
    expect(tasks.length).toBeGreaterThan(0);
    const first = tasks[0]!;
    await expect(h.api.getTask(serviceName, first.id)).resolves.toEqual(first);
  });

  it("a task that ends in error throws OvhTaskError naming the task and its function", async () => {
    await h.admin.fault({ method: "POST", path: "/saas/csp2/*/subscription", task: "error", count: 1 });
    const task = await h.api.addSubscription(serviceName, { licenseId: 1, quantity: 1 });
    const error = await h.api.waitForTask(serviceName, task.id, advancing(h.emu)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OvhTaskError);
    expect((error as Error).message).toMatch(
      new RegExp(`Task ${task.id} \\(addSubscription\\) of tenant ${serviceName} ended with status "error"`),
    );
  });
});

describe("Microsoft and catalogue rules, surfaced readably", () => {
  it.each([
    ["McaNotAccepted", { hasAcceptedNewMCA: false }, 2, /Microsoft Customer Agreement/],
    ["ServiceNotActive", { status: "suspended" as const }, 2, /suspended/],
    ["NewSubscriptionsNotAllowed", {}, 9, /no longer accepts new subscriptions/],
  ])("%s", async (rule, seed, licenseId, pattern) => {
    const tenant = h.emu.createTenant({ account: h.account.nic, displayName: rule, ...seed });
    const error = await refusal(h.api.addSubscription(tenant.serviceName, { licenseId, quantity: 1 }));
    expect(error).toMatchObject({ status: 403, errorClass: `Client::Forbidden::${rule}` });
    expect(error.serverMessage).toMatch(pattern);
    expect(error.message).toMatch(/repeating it as is will not help/);
  });

  it("LicenceLimitExceeded and NewSeatsNotAllowed", async () => {
    const tenant = h.emu.createTenant({
      account: h.account.nic,
      displayName: "Limits",
      subscriptions: [{ license: 10, quantity: 2 }],
    });
    const limit = await refusal(h.api.addSubscription(tenant.serviceName, { licenseId: 1, quantity: 301 }));
    expect(limit.errorClass).toBe("Client::Forbidden::LicenceLimitExceeded");
    const seats = await refusal(h.api.changeQuantity(tenant.serviceName, tenant.subscriptions[0]!.id, 3));
    expect(seats.errorClass).toBe("Client::Forbidden::NewSeatsNotAllowed");
  });

  it("a change while a task is pending is a 409 conflict", async () => {
    const tenant = h.emu.createTenant({
      account: h.account.nic,
      displayName: "Busy",
      subscriptions: [{ license: 1, quantity: 2 }],
    });
    const id = tenant.subscriptions[0]!.id;
    await h.api.changeQuantity(tenant.serviceName, id, 3);
    const conflict = await refusal(h.api.changeQuantity(tenant.serviceName, id, 4));
    expect(conflict).toMatchObject({ status: 409, errorClass: "Client::Conflict" });
    expect(conflict.message).toMatch(/already has task .* pending.*read the object again/);
  });
});
