// The emulator held to OVHcloud's published schema: it serves the schema files as OVHcloud does, and
// under strict conformance (what `npm test` runs with) an answer that breaks the schema becomes a 500
// naming the route, the JSON path and the rule, is recorded, and fails the test it happened in. Proven
// here with a deliberately wrong state fixture (a tenant status OVHcloud does not publish), in process
// and in a child `o365r emulator` process, and with a request body our own client gets wrong.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { takeConformanceViolations } from "../../emulator/control/conformance.js";
import { type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { createOvhClient, OvhApiError } from "../../provider/ovh/index.js";
import { SCHEMA_FILES } from "../../provider/ovh/schema/index.js";
import { FAST } from "../csp2/emulator-harness.js";
import { failOnConformanceViolations } from "../setup/conformance-check.js";
import { type Credentials, client } from "./helpers.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A data directory holding one account and one tenant whose status OVHcloud does not publish. */
async function wrongFixture(): Promise<{ dir: string; serviceName: string; creds: Credentials }> {
  const dir = await mkdtemp(join(tmpdir(), "o365r-conformance-"));
  dirs.push(dir);
  const emu = await startEmulator({ dataDir: dir });
  const account = emu.createAccount();
  const { serviceName } = emu.createTenant({ account: account.nic, displayName: "Wrong on purpose" });
  await emu.stop();
  const file = join(dir, "state.json");
  const state = JSON.parse(readFileSync(file, "utf8")) as { tenants: Record<string, { status: string }> };
  state.tenants[serviceName]!.status = "frozen";
  writeFileSync(file, JSON.stringify(state));
  return { dir, serviceName, creds: account };
}

describe("the schema files", () => {
  it("are served under /1.0 where OVHcloud serves them, without authentication", async () => {
    const emu = await startEmulator({ conformance: "strict" });
    try {
      for (const file of SCHEMA_FILES) {
        const res = await fetch(`${emu.url}${file.servedAt}`);
        expect(res.status, file.servedAt).toBe(200);
        const original = JSON.parse(await readFile(join("provider/ovh/schema", file.file), "utf8"));
        expect(await res.json()).toEqual(original);
      }
      expect(SCHEMA_FILES.map((f) => f.servedAt).sort()).toEqual(
        ["/me.json", "/order.json", "/price.json", "/saas/csp2.json", "/services.json"].sort(),
      );
    } finally {
      await emu.stop();
    }
  });
});

describe("answers the rest of the suite does not reach", () => {
  it("conform too: cart item edits, checkout preview, deletions, licence ids, service update", async () => {
    const emu = await startEmulator({ conformance: "strict" });
    try {
      const account = emu.createAccount();
      const call = client(emu.url, account);
      const { serviceName } = emu.createTenant({ account: account.nic, displayName: "Walk" });
      const cart = (await call<{ cartId: string }>("POST", "/order/cart", { ovhSubsidiary: "FR" })).body;
      const c = `/order/cart/${cart.cartId}`;
      const steps: Array<[string, string, unknown?]> = [
        ["POST", `${c}/assign`],
        ["GET", `${c}/csp2`],
      ];
      const statuses: string[] = [];
      for (const [method, path, body] of steps)
        statuses.push(`${method} ${path} ${(await call(method, path, body)).status}`);
      const [plan] = (await call<Array<{ planCode: string }>>("GET", `${c}/csp2`)).body;
      const item = (
        await call<{ itemId: number }>("POST", `${c}/csp2`, {
          planCode: plan!.planCode,
          duration: "P1M",
          pricingMode: "default",
          quantity: 1,
        })
      ).body;
      const i = `${c}/item/${item.itemId}`;
      const serviceId = emu.state().tenants[serviceName]!.serviceId;
      const more: Array<[string, string, unknown?]> = [
        ["PUT", i, { duration: "P1M", quantity: 1 }],
        ["POST", `${i}/configuration`, { label: "mpnId", value: "1234567" }],
        ["GET", `${i}/configuration`],
        ["GET", `${c}/item`],
        ["GET", `${c}/checkout`],
        ["DELETE", i],
        ["DELETE", c],
        ["GET", `/saas/csp2/${serviceName}/orderableLicenses`],
        [
          "PUT",
          `/services/${serviceId}`,
          { displayName: "Walk renamed", renew: { mode: "automatic", period: "P1M" } },
        ],
        ["GET", `/services/${serviceId}`],
      ];
      for (const [method, path, body] of more)
        statuses.push(`${method} ${path} ${(await call(method, path, body)).status}`);
      expect(statuses.filter((line) => !line.endsWith(" 200"))).toEqual([]);
      expect(emu.conformanceViolations()).toEqual([]);
    } finally {
      await emu.stop();
    }
  });
});

describe("strict conformance", () => {
  let emu: EmulatorHandle | undefined;
  afterAll(async () => emu?.stop());

  it("turns an answer outside the schema into a 500 naming route, JSON path and rule, and records it", async () => {
    const fixture = await wrongFixture();
    emu = await startEmulator({ dataDir: fixture.dir, conformance: "strict", log: () => {} });
    const call = client(emu.url, fixture.creds);

    const one = await call<{ class: string; message: string }>("GET", `/saas/csp2/${fixture.serviceName}`);
    expect(one.status).toBe(500);
    expect(one.body.class).toBe("Server::InternalServerError");
    expect(one.body.message).toContain(
      `GET /saas/csp2/${fixture.serviceName} (route /saas/csp2/{serviceName})`,
    );
    expect(one.body.message).toContain('$.status: "frozen" is not a value of saas.csp2.ServiceStateEnum');
    expect(one.body.message).toContain("[enum]");

    // An expanded listing is checked against the item route's model.
    const expanded = await call<{ message: string }>("GET", "/saas/csp2", undefined, {
      headers: { "X-Pagination-Mode": "CachedObjectList-Pages" },
    });
    expect(expanded.status).toBe(500);
    expect(expanded.body.message).toContain("$[0].status");

    // Answers that conform pass untouched, the ids of the same list included.
    expect((await call("GET", "/saas/csp2")).status).toBe(200);

    const admin = (await (await fetch(`${emu.adminUrl}/conformance`)).json()) as {
      mode: string;
      violations: Array<{ route: string; side: string; violations: Array<{ at: string; kind: string }> }>;
    };
    expect(admin.mode).toBe("strict");
    expect(
      admin.violations.map((v) => [v.side, v.route, v.violations[0]?.at, v.violations[0]?.kind]),
    ).toEqual([
      ["answer", "/saas/csp2/{serviceName}", "$.status", "enum"],
      ["answer", "/saas/csp2", "$[0].status", "enum"],
    ]);
    expect(emu.conformanceViolations()).toHaveLength(2);

    // What the suite's setup file does after each test: this test would fail on them.
    expect(() => failOnConformanceViolations()).toThrow(/broke OVHcloud's published schema 2 time\(s\)/);
    expect(takeConformanceViolations()).toEqual([]);
  });

  it("passes the same answer through when conformance is off", async () => {
    const fixture = await wrongFixture();
    const off = await startEmulator({ dataDir: fixture.dir, conformance: "off" });
    try {
      const answer = await client(off.url, fixture.creds)<{ status: string }>(
        "GET",
        `/saas/csp2/${fixture.serviceName}`,
      );
      expect(answer.body.status).toBe("frozen");
      expect(off.conformanceViolations()).toEqual([]);
      expect(takeConformanceViolations()).toEqual([]);
    } finally {
      await off.stop();
    }
  });

  it("refuses a request body of our own client that OVHcloud would not accept, before acting on it", async () => {
    const strict = await startEmulator({ conformance: "strict", log: () => {} });
    try {
      const account = strict.createAccount();
      const { serviceName } = strict.createTenant({ account: account.nic, displayName: "Contoso" });
      const ovh = createOvhClient({
        ...FAST,
        endpoint: strict.url,
        applicationKey: account.applicationKey,
        applicationSecret: account.applicationSecret,
        consumerKey: account.consumerKey,
        env: {},
        configFiles: [],
      });
      const error = await ovh
        .post(`/saas/csp2/${serviceName}/subscription`, {
          body: { licenseId: 1, quantity: 1.5 },
          schema: z.unknown(),
        })
        .catch((e: unknown) => e);
      await ovh.close();
      expect(error).toBeInstanceOf(OvhApiError);
      expect((error as OvhApiError).status).toBe(400);
      expect((error as Error).message).toContain("$.quantity: expected long; got number 1.5 [type]");
      expect(strict.state().tenants[serviceName]?.subscriptions).toEqual({});
      const found = takeConformanceViolations();
      expect(found.map((v) => [v.side, v.route])).toEqual([
        ["request", "/saas/csp2/{serviceName}/subscription"],
      ]);
      // Another caller (a test sending a bad body on purpose) meets the emulator's own validation only.
      const other = await client(strict.url, account)("POST", `/saas/csp2/${serviceName}/subscription`, {
        licenseId: 1,
        quantity: 1.5,
      });
      expect(other.status).toBe(400);
      expect(takeConformanceViolations()).toEqual([]);
    } finally {
      await strict.stop();
    }
  });

  it("holds a child `o365r emulator` process to the schema through the environment", async () => {
    const fixture = await wrongFixture();
    const child = spawn(
      join(process.cwd(), "node_modules", ".bin", "tsx"),
      ["emulator/main.ts", "--port", "0", "--data", fixture.dir],
      { stdio: "pipe", env: { ...process.env, O365R_EMULATOR_CONFORMANCE: "strict" } },
    );
    children.push(child);
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!.trim());
      });
      child.on("exit", (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
    });
    const answer = await client(url, fixture.creds)<{ message: string }>(
      "GET",
      `/saas/csp2/${fixture.serviceName}`,
    );
    expect(answer.status).toBe(500);
    expect(answer.body.message).toContain("$.status");
    const admin = (await (await fetch(`${new URL(url).origin}/_emulator/conformance`)).json()) as {
      violations: unknown[];
    };
    expect(admin.violations).toHaveLength(1);
    // The child also says it on stderr, where a harness's log shows it.
    await expect.poll(() => stderr).toContain("breaks OVHcloud's published schema");
    child.kill("SIGTERM");
  });
});
