// State survives a restart with the same data directory: accounts and credentials, tenants,
// pending tasks, orders, the virtual clock; and an answer is only sent once its change is on disk.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { OfficeTask } from "../../provider/ovh/models/index.js";
import { client } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "emulator-persist-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("restart with the same dataDir", () => {
  it("restores everything, pending work and the virtual clock included", async () => {
    const first = await startEmulator({ dataDir: dir, taskSeconds: 60 });
    const account = first.createAccount({ nic: "pe12345-ovh" });
    const { serviceName, subscriptions } = first.createTenant({
      account: account.nic,
      displayName: "Persistent",
      subscriptions: [{ license: 2, quantity: 4 }],
    });
    let call = client(first.url, account);
    await call("PUT", `/saas/csp2/${serviceName}`, { displayName: "Persisted name" });
    first.advanceClock(7 * 86_400);
    const task = OfficeTask.parse(
      (
        await call("POST", `/saas/csp2/${serviceName}/subscription/${subscriptions[0]!.id}/changeQuantity`, {
          quantity: 6,
        })
      ).body,
    );
    const virtualBefore = first.now().getTime();
    const cart = (
      await call<{ cartId: string }>("POST", "/order/cart", { ovhSubsidiary: "FR", description: "kept" })
    ).body;
    await call("POST", `/order/cart/${cart.cartId}/assign`);
    await first.stop();
    expect(await readdir(dir)).toEqual(["state.json"]);

    const second = await startEmulator({ dataDir: dir, taskSeconds: 60 });
    try {
      call = client(second.url, account);
      expect(second.now().getTime()).toBeGreaterThanOrEqual(virtualBefore);
      expect(second.now().getTime() - virtualBefore).toBeLessThan(60_000);
      const tenant = (await call<{ displayName: string }>("GET", `/saas/csp2/${serviceName}`)).body;
      expect(tenant.displayName).toBe("Persisted name");
      expect(
        OfficeTask.parse((await call("GET", `/saas/csp2/${serviceName}/task/${task.id}`)).body).status,
      ).toBe("todo");
      second.advanceClock(60);
      expect(
        OfficeTask.parse((await call("GET", `/saas/csp2/${serviceName}/task/${task.id}`)).body).status,
      ).toBe("done");
      const sub = (
        await call<{ quantity: number }>(
          "GET",
          `/saas/csp2/${serviceName}/subscription/${subscriptions[0]!.id}`,
        )
      ).body;
      expect(sub.quantity).toBe(6);
      expect((await call<string[]>("GET", "/order/cart?description=kept")).body).toEqual([cart.cartId]);
      // New ids never reuse old ones.
      const again = second.createTenant({
        account: account.nic,
        displayName: "Next",
        subscriptions: [{ license: 1, quantity: 1 }],
      });
      expect(again.subscriptions[0]!.id).toBeGreaterThan(subscriptions[0]!.id);
    } finally {
      await second.stop();
    }
  });

  it("ignores a temp file left by a crash mid-write, and refuses a state of another version", async () => {
    await writeFile(join(dir, "state.json.999.tmp"), "{ torn");
    const third = await startEmulator({ dataDir: dir });
    expect(Object.keys(third.state().accounts)).toContain("pe12345-ovh");
    await third.stop();

    const other = await mkdtemp(join(tmpdir(), "emulator-version-"));
    try {
      await writeFile(join(other, "state.json"), JSON.stringify({ version: 99 }));
      await expect(startEmulator({ dataDir: other })).rejects.toThrow(/state version 99/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("removes a temp dataDir of its own on stop", async () => {
    const temp = await startEmulator();
    await temp.stop();
    await expect(readdir(temp.dataDir)).rejects.toThrow();
  });
});
