// The serialized provider alone, in a fresh Node process, against the emulator: the text Pulumi would
// store is all it gets; it loads the runtime itself and orders, reads and cancels for real.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { providers } from "../../provider/pulumi/common.js";
import { REPO, serializeProvider } from "./host.js";

type Answer = { ok: boolean; result?: Record<string, unknown>; message?: string; code?: string };

/** The child, in `cwd` (the program's directory, as for Pulumi's host); tsx loads the runtime's source. */
function startChild(cwd = REPO): { ask(request: object): Promise<Answer>; stop(): void } {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(REPO, "test/pulumi/fixtures/serialized-child.ts")],
    {
      cwd,
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const waiting: ((a: Answer) => void)[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) =>
    waiting.shift()?.(JSON.parse(line) as Answer),
  );
  return {
    ask: (request) =>
      new Promise((resolve) => {
        waiting.push(resolve);
        child.stdin!.write(`${JSON.stringify(request)}\n`);
      }),
    stop: () => child.kill(),
  };
}

describe("the serialized provider in a fresh Node process", () => {
  let em: EmulatorHandle;
  let account: AccountCredentials;
  const children: ReturnType<typeof startChild>[] = [];

  beforeAll(async () => {
    em = await startEmulator({ port: 0, taskSeconds: 0.2, orderStepSeconds: 0.2, log: () => {} });
    account = em.createAccount({ nic: "fresh-ovh" });
  });
  afterAll(async () => {
    for (const c of children) c.stop();
    await em?.stop();
  });

  const config = () => ({
    "o365-reseller:endpoint": em.url,
    "o365-reseller:applicationKey": account.applicationKey,
    "o365-reseller:applicationSecret": account.applicationSecret,
    "o365-reseller:consumerKey": account.consumerKey,
    "o365-reseller:requestsPerMinute": "6000",
  });

  it("orders a tenant and a subscription, reads them, changes seats and cancels", async () => {
    const tenant = startChild();
    const sub = startChild();
    children.push(tenant, sub);
    expect(
      await tenant.ask({ op: "load", text: await serializeProvider(providers.tenant), config: config() }),
    ).toEqual({
      ok: true,
      result: null,
    });
    await sub.ask({ op: "load", text: await serializeProvider(providers.subscription), config: config() });

    const news = {
      __idempotencyKey: "fresh/dev/acme",
      displayName: "Fresh GmbH",
      mpnId: "1234567",
      contact: {
        firstName: "A",
        lastName: "B",
        email: "it@fresh.example",
        phone: "+49 30 1234567",
        address: "Weg 1",
        city: "Berlin",
        zipCode: "10115",
      },
    };
    const checked = await tenant.ask({ op: "check", args: [{}, news] });
    expect(checked.result?.inputs).toMatchObject({ contact: { phone: "+49.301234567" } });
    const created = await tenant.ask({ op: "create", args: [checked.result!.inputs] });
    expect(created.ok).toBe(true);
    const serviceName = created.result!.id as string;
    expect(em.state().tenants[serviceName]?.nic).toBe("fresh-ovh");
    const outs = created.result!.outs as Record<string, unknown>;
    const read = await tenant.ask({ op: "read", args: [serviceName, outs] });
    expect(read.result).toMatchObject({ id: serviceName, inputs: { displayName: "Fresh GmbH" } });

    const subNews = { tenant: serviceName, license: "Microsoft 365 Business Basic", quantity: 3 };
    const subChecked = await sub.ask({ op: "check", args: [{}, subNews] });
    const subCreated = await sub.ask({ op: "create", args: [subChecked.result!.inputs] });
    expect(subCreated.result?.id).toMatch(new RegExp(`^${serviceName}/\\d+$`));
    const subOuts = subCreated.result!.outs as Record<string, unknown>;
    const diff = await sub.ask({
      op: "diff",
      args: [subCreated.result!.id, subOuts, { ...subNews, quantity: 4 }],
    });
    expect(diff.result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await sub.ask({
      op: "update",
      args: [subCreated.result!.id, subOuts, { ...subNews, quantity: 4 }],
    });
    expect(updated.result?.outs).toMatchObject({ quantity: 4 });
    expect(
      await sub.ask({ op: "delete", args: [subCreated.result!.id, updated.result!.outs] }),
    ).toMatchObject({
      ok: true,
    });
    expect(em.state().tenants[serviceName]!.subscriptions).toEqual({});

    const refused = await tenant.ask({ op: "delete", args: [serviceName, outs] });
    expect(refused).toMatchObject({ ok: false, code: "TENANT_DELETION_REFUSED" });
  });
});

describe("the serialized provider when the recorded runtime is gone", () => {
  it("says to install the package when none is beside the program", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { makeProvider } = await import("../../provider/pulumi/serialized.js");
    const text = await serializeProvider(makeProvider("tenant", "file:///nowhere/o365-reseller/runtime.js"));
    const dir = await mkdtemp(join(tmpdir(), "o365r-no-package-"));
    const child = startChild(dir);
    try {
      const answer = await child.ask({ op: "load", text, config: {} });
      expect(answer.ok).toBe(false);
      expect(answer.message).toBe(
        `o365-reseller: file:///nowhere/o365-reseller/runtime.js is gone and o365-reseller is not installed beside the program (${dir}). Install it there (npm install o365-reseller), then run again.`,
      );
    } finally {
      child.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
