/**
 * bench/scan: a fleet scan, ours beside the official client, in one run against the emulator.
 *
 *   npx tsx bench/scan.ts [--scale F] [--latency MS]      (npm run bench:scan)
 *
 * One emulator in this process, `--latency` ms (default 20) added to every API answer, a fleet of
 * 10 accounts × 100 tenants × 5 subscriptions seeded through the emulator's handle (no HTTP). Then,
 * each in its own child process (so that each has its own peak RSS):
 *
 *   - `o365r inventory --json --no-peaks` and `o365r drift --json --state <empty state>` (everything unmanaged),
 *     through the CLI's own entry (provider/cli/main.ts, the function bin/o365r.js calls), with an
 *     accounts file naming the 10 accounts; the client pages expanded lists by X-Pagination-Number
 *     with its default page size; `o365r inventory` once more with pages of SMALL_PAGE (accounts file
 *     `pageSize`), so that the tenant listing really spans pages;
 *   - a plain sequential script on the official `@ovhcloud/node-ovh` client doing list-then-get:
 *     GET /saas/csp2, each tenant, its subscription ids, each subscription;
 *   - a child that only starts (same loader), as the RSS floor (after an unmeasured child that has tsx
 *     compile and cache the CLI's sources, so that no measured run pays for that);
 *   - `o365r inventory --json` once more as an installed package runs it: bin/o365r.js on the compiled
 *     dist/ (built first), plain Node without tsx.
 *
 * Printed per run: wall time, API calls (the emulator's call log, cleared between runs), peak RSS;
 * then the ratios and the fewest calls the API allows for the scan. Figures only: nothing here asserts
 * on time. `--scale 0.1` shrinks the tenants per account for a quick look; the default is the issue's
 * fleet. The node-ovh run takes about (A × (1 + T × (2 + S))) × latency: ~2.5 min at the defaults.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { createRequire } from "node:module";
import { cpus, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AccountCredentials, CallRecord } from "../emulator/index.js";
import { CLIENT_DEFAULTS } from "../provider/ovh/config.js";

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULT_FD = 3;

/** Licences of the 5 subscriptions of each tenant (catalogue ids; no add-ons, all within limits). */
const LICENCES = [1, 2, 3, 5, 7];
/** Our client's pace for the bench: the emulator has no fair-use limit unless asked for one. */
const BENCH_REQUESTS_PER_MINUTE = 1_000_000;
/** Page size of the extra inventory run: 100 tenants per account then take 4 pages. */
const SMALL_PAGE = 30;

interface Params {
  accounts: number;
  tenants: number;
  subscriptions: number;
  latencyMs: number;
  pageSize: number;
}

interface ChildConfig {
  url: string;
  origin: string;
  port: number;
  accountsFile: string;
  /** The same accounts with `pageSize: SMALL_PAGE`. */
  smallPagesFile: string;
  stateFile: string;
  accounts: Array<Pick<AccountCredentials, "nic" | "clientId" | "clientSecret">>;
}

interface ChildResult {
  /** Time of the scan itself (modules already loaded). */
  scanMs: number;
  /** process.resourceUsage().maxRSS, in kilobytes. */
  maxRssKb: number;
  exitCode: number;
  summary?: Record<string, number>;
}

interface Measured extends ChildResult {
  name: string;
  processMs: number;
  stdoutBytes: number;
  stdout: string;
  stderr: string;
  calls: CallRecord[];
}

// ---------------------------------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------------------------------

function report(result: ChildResult): void {
  writeSync(RESULT_FD, JSON.stringify(result));
}

const rssKb = () => process.resourceUsage().maxRSS;

/** `o365r inventory` / `o365r drift` through the CLI's main(), as bin/o365r.js runs it. */
async function childO365r(
  kind: "inventory" | "inventory-small" | "drift",
  config: ChildConfig,
): Promise<void> {
  const { main } = await import("../provider/cli/main.js");
  // The command modules import their handler lazily; load it now so that the clock measures the scan.
  if (kind === "drift") await import("../provider/cli/handlers/drift.js");
  else await import("../provider/cli/handlers/inventory.js");
  const args =
    kind === "drift"
      ? ["drift", "--accounts", config.accountsFile, "--state", config.stateFile, "--json", "--quiet"]
      : [
          "inventory",
          "--accounts",
          kind === "inventory" ? config.accountsFile : config.smallPagesFile,
          "--json",
          // Like for like with the list-then-get script, which reads no usage (peaks cost a call per tenant).
          "--no-peaks",
          "--quiet",
        ];
  const started = performance.now();
  await main([process.execPath, "o365r", ...args]);
  const scanMs = performance.now() - started;
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  report({ scanMs, maxRssKb: rssKb(), exitCode });
}

/** The subset of @ovhcloud/node-ovh 3.0.0 used here (the package ships no types). */
interface NodeOvh {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
}
type NodeOvhFactory = (params: Record<string, unknown>) => NodeOvh;

/**
 * The official client, as its README shows it, list-then-get and strictly sequential. It takes
 * host/port/basePath for a custom endpoint but always speaks HTTPS (`https.request`) and signs
 * `'https://' + host + path` (no port), so against a plain-HTTP loopback endpoint: its requests go
 * through Node's https module with a plain-HTTP global agent, and it authenticates with OAuth2
 * client credentials (its clientID/clientSecret/tokenURL options), which carry no URL signature.
 */
async function childNodeOvh(config: ChildConfig): Promise<void> {
  const require = createRequire(join(ROOT, "package.json"));
  const ovhFactory = require("@ovhcloud/node-ovh") as NodeOvhFactory;
  plainHttpForHttps();
  const started = performance.now();
  const tenants: unknown[] = [];
  const subscriptions: unknown[] = [];
  let seats = 0;
  for (const account of config.accounts) {
    const ovh = ovhFactory({
      host: "127.0.0.1",
      port: config.port,
      basePath: "/1.0",
      clientID: account.clientId,
      clientSecret: account.clientSecret,
      tokenURL: `${config.origin}/auth/`,
    });
    const names = (await ovh.requestPromised("GET", "/saas/csp2")) as string[];
    for (const name of names) {
      tenants.push(await ovh.requestPromised("GET", `/saas/csp2/${name}`));
      const ids = (await ovh.requestPromised("GET", `/saas/csp2/${name}/subscription`)) as number[];
      for (const id of ids) {
        const sub = (await ovh.requestPromised("GET", `/saas/csp2/${name}/subscription/${id}`)) as {
          quantity: number;
        };
        subscriptions.push(sub);
        seats += sub.quantity;
      }
    }
  }
  const scanMs = performance.now() - started;
  report({
    scanMs,
    maxRssKb: rssKb(),
    exitCode: 0,
    summary: { tenants: tenants.length, subscriptions: subscriptions.length, seats },
  });
}

/** https.request with a plain-HTTP agent: a TCP connection, no TLS (Node picks the protocol from the agent). */
function plainHttpForHttps(): void {
  (https as unknown as { globalAgent: http.Agent }).globalAgent = new http.Agent({ keepAlive: true });
}

async function childBaseline(): Promise<void> {
  report({ scanMs: 0, maxRssKb: rssKb(), exitCode: 0 });
}

/**
 * Loads what the o365r children load, unmeasured: tsx compiles each source file the first time it is
 * loaded after a change and caches the result, and that one-time work (some MB of RSS) belongs to the
 * loader, not to the command measured after it.
 */
async function childWarmUp(): Promise<void> {
  await import("../provider/cli/main.js");
  await import("../provider/cli/handlers/inventory.js");
  await import("../provider/cli/handlers/drift.js");
  report({ scanMs: 0, maxRssKb: rssKb(), exitCode: 0 });
}

// ---------------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------------

function parseArgs(argv: string[]): { scale: number; latencyMs: number } {
  let scale = 1;
  let latencyMs = 20;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = Number(argv[i + 1]);
    if (arg === "--scale" && Number.isFinite(value) && value > 0) {
      scale = value;
      i++;
    } else if (arg === "--latency" && Number.isFinite(value) && value >= 0) {
      latencyMs = value;
      i++;
    } else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "usage: npx tsx bench/scan.ts [--scale F (default 1)] [--latency MS (default 20)]\n",
      );
      process.exit(0);
    } else {
      process.stderr.write(`bench/scan: unknown or bad argument ${arg}\n`);
      process.exit(2);
    }
  }
  return { scale, latencyMs };
}

/**
 * `o365r inventory` exactly as an installed package runs it: bin/o365r.js on the compiled dist/, plain
 * Node (no tsx), with only a preload that reports the peak RSS on fd 3 at exit.
 */
const SHIPPED_PRELOAD = `data:text/javascript,${encodeURIComponent(
  'import { writeSync } from "node:fs"; process.on("exit", () => writeSync(3, JSON.stringify({ scanMs: Number.NaN, maxRssKb: process.resourceUsage().maxRSS, exitCode: Number(process.exitCode ?? 0) })));',
)}`;

function compileDist(): void {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench/scan: compiling dist/ failed\n${r.stdout}${r.stderr}`);
}

function runChild(name: string, kind: string, configFile: string, env: NodeJS.ProcessEnv): Promise<Measured> {
  const started = performance.now();
  const config =
    kind === "inventory-shipped" ? (JSON.parse(readFileSync(configFile, "utf8")) as ChildConfig) : undefined;
  const child: ChildProcess = spawn(
    process.execPath,
    config
      ? [
          "--import",
          SHIPPED_PRELOAD,
          join(ROOT, "bin", "o365r.js"),
          "inventory",
          "--accounts",
          config.accountsFile,
          "--json",
          "--no-peaks",
          "--quiet",
        ]
      : ["--import", "tsx", SELF, "--child", kind, configFile],
    {
      cwd: ROOT,
      env: config ? { ...env, O365R_FROM_SOURCE: "" } : env,
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stdoutBytes = 0;
  let stderr = "";
  let result = "";
  child.stdout?.setEncoding("utf8").on("data", (c: string) => {
    stdoutBytes += Buffer.byteLength(c);
    stdout += c;
  });
  child.stderr?.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
  });
  (child.stdio[RESULT_FD] as NodeJS.ReadableStream).setEncoding("utf8");
  (child.stdio[RESULT_FD] as NodeJS.ReadableStream).on("data", (c: string) => {
    result += c;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const processMs = performance.now() - started;
      if ((code !== 0 && !(kind === "inventory-shipped" && result !== "")) || result === "") {
        reject(new Error(`${name}: child exited ${code}\n${stderr}`));
        return;
      }
      const parsed = JSON.parse(result) as ChildResult;
      resolve({ ...parsed, name, processMs, stdoutBytes, stdout, stderr, calls: [] });
    });
  });
}

async function parent(argv: string[]): Promise<void> {
  const { scale, latencyMs } = parseArgs(argv);
  const params: Params = {
    accounts: 10,
    tenants: Math.max(1, Math.round(100 * scale)),
    subscriptions: LICENCES.length,
    latencyMs,
    pageSize: CLIENT_DEFAULTS.pageSize,
  };
  const { startEmulator } = await import("../emulator/index.js");
  const say = (line = "") => process.stdout.write(`${line}\n`);
  const work = mkdtempSync(join(tmpdir(), "o365r-bench-scan-"));
  const emu = await startEmulator({ port: 0, latencyMs: params.latencyMs, log: () => {} });
  try {
    say("bench/scan: a fleet scan through o365r beside a sequential @ovhcloud/node-ovh script");
    say();
    const cpu = cpus();
    say(
      `machine     ${cpu.length} × ${cpu[0]?.model.trim() ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
        `${process.platform} ${release()}, Node ${process.version}`,
    );
    say(
      `fleet       ${params.accounts} accounts × ${params.tenants} tenants × ${params.subscriptions} subscriptions ` +
        `= ${params.accounts * params.tenants} tenants, ${params.accounts * params.tenants * params.subscriptions} subscriptions`,
    );
    say(
      `emulator    ${emu.url}, ${params.latencyMs} ms added to every API answer, fair-use limit off (its default)`,
    );

    // Seed through the handle: no HTTP, no latency, one state write per account.
    const seedStarted = performance.now();
    const accounts: AccountCredentials[] = [];
    for (let a = 0; a < params.accounts; a++) {
      const account = emu.createAccount({ nic: `bench${String(a).padStart(2, "0")}-ovh` });
      accounts.push(account);
      emu.createTenants(
        Array.from({ length: params.tenants }, (_, t) => ({
          account: account.nic,
          displayName: `Customer ${a}-${t}`,
          subscriptions: LICENCES.map((license, i) => ({ license, quantity: 1 + ((t + i) % 25) })),
        })),
      );
    }
    say(`seeding     ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (emulator handle, no HTTP)`);

    // The accounts file: each account's credentials from its own environment variables.
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
    const lines = ["accounts:"];
    accounts.forEach((account, i) => {
      const prefix = `BENCH${i}_`;
      lines.push(
        `  reseller-${i}:`,
        `    nic: ${account.nic}`,
        "    credentials:",
        `      envPrefix: ${prefix}`,
        `    requestsPerMinute: ${BENCH_REQUESTS_PER_MINUTE}`,
      );
      env[`${prefix}OVH_ENDPOINT`] = emu.url;
      env[`${prefix}OVH_APPLICATION_KEY`] = account.applicationKey;
      env[`${prefix}OVH_APPLICATION_SECRET`] = account.applicationSecret;
      env[`${prefix}OVH_CONSUMER_KEY`] = account.consumerKey;
    });
    const accountsFile = join(work, "o365r.accounts.yaml");
    writeFileSync(accountsFile, `${lines.join("\n")}\n`);
    const smallPagesFile = join(work, "small-pages.accounts.yaml");
    writeFileSync(
      smallPagesFile,
      `${lines.flatMap((l) => (l.includes("requestsPerMinute") ? [l, `    pageSize: ${SMALL_PAGE}`] : [l])).join("\n")}\n`,
    );
    // An empty Terraform state: drift then reports every tenant and subscription as unmanaged.
    const stateFile = join(work, "empty.tfstate");
    writeFileSync(
      stateFile,
      JSON.stringify({
        version: 4,
        terraform_version: "1.12.6",
        serial: 1,
        lineage: "bench",
        outputs: {},
        resources: [],
      }),
    );
    const configFile = join(work, "config.json");
    const config: ChildConfig = {
      url: emu.url,
      origin: emu.origin,
      port: emu.port,
      accountsFile,
      smallPagesFile,
      stateFile,
      accounts: accounts.map(({ nic, clientId, clientSecret }) => ({ nic, clientId, clientSecret })),
    };
    writeFileSync(configFile, JSON.stringify(config));

    say(
      `o365r       accounts side by side, tenants of an account ${CLIENT_DEFAULTS.maxInFlight} at a time (the client's default in-flight cap);`,
    );
    say(
      `            requestsPerMinute raised to ${BENCH_REQUESTS_PER_MINUTE} per credential for the bench (default 60, OVHcloud's fair use);`,
    );
    say(
      `            expanded lists paged by X-Pagination-Number, ${params.pageSize} objects per page (the client's default pageSize)`,
    );
    say(
      "node-ovh    @ovhcloud/node-ovh 3.0.0, one request at a time, OAuth2 client credentials (see the notes)",
    );
    say();

    const signedProbe = await probeSignedNodeOvh(emu.port, accounts[0]!);

    compileDist();
    await runChild("warm-up", "warm-up", configFile, env);
    const runs: Array<[name: string, kind: string]> = [
      ["baseline (a child that only starts)", "baseline"],
      ["o365r inventory --json", "inventory"],
      ["o365r drift --json (empty state)", "drift"],
      [`o365r inventory --json, pages of ${SMALL_PAGE}`, "inventory-small"],
      ["node-ovh list-then-get", "node-ovh"],
      ["o365r inventory --json, as installed", "inventory-shipped"],
    ];
    const results: Measured[] = [];
    for (const [name, kind] of runs) {
      emu.clearCalls();
      process.stderr.write(`bench/scan: running ${name}…\n`);
      const measured = await runChild(name, kind, configFile, env);
      measured.calls = emu.calls();
      results.push(measured);
    }
    emu.clearCalls();

    const [baseline, inventory, drift, smallPages, official, shipped] = results as [
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
      Measured,
    ];
    checkOutputs(inventory, drift, official, params);
    checkSamePages(inventory, smallPages);
    if (
      shipped.stdout.replace(/"generatedAt": "[^"]*"/, "") !==
      inventory.stdout.replace(/"generatedAt": "[^"]*"/, "")
    ) {
      say("WARNING     the installed-style inventory printed something else than the one from the sources");
    }

    const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
    const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    say("results (each run in its own child process; calls from the emulator's call log)");
    say();
    const header = ["run", "scan wall", "process wall", "API calls", "peak RSS", "stdout"];
    const rows = results.map((r) => [
      r.name,
      r.name.startsWith("baseline") || typeof r.scanMs !== "number" || Number.isNaN(r.scanMs)
        ? "—"
        : sec(r.scanMs),
      sec(r.processMs),
      r.name.startsWith("baseline") ? "—" : String(r.calls.length),
      mb(r.maxRssKb),
      `${(r.stdoutBytes / 1024).toFixed(0)} KiB`,
    ]);
    say(table(header, rows));
    say();
    for (const r of [inventory, drift, smallPages, official])
      say(`calls of ${r.name}: ${breakdown(r.calls)}`);
    say();
    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    say("ratios (node-ovh ÷ o365r)");
    for (const ours of [inventory, drift]) {
      say(
        `  vs ${ours.name.padEnd(34)} wall ${ratio(official.scanMs, ours.scanMs).padStart(7)}, ` +
          `calls ${ratio(official.calls.length, ours.calls.length).padStart(6)}, ` +
          `peak RSS ${ratio(official.maxRssKb, ours.maxRssKb)} ` +
          `(above the start-only child: ${mb(official.maxRssKb - baseline.maxRssKb)} vs ${mb(ours.maxRssKb - baseline.maxRssKb)})`,
      );
    }
    say();
    minimalCalls(params);
    say();
    say("notes");
    say(
      "  - node-ovh 3.0.0 cannot be pointed at an http:// URL. Its constructor takes host, port and basePath",
    );
    say("    (lib/ovh.js), but every request goes through https.request, and a signed request signs");
    say(
      "    'https://' + host + path, without the port: no plain-HTTP server on another port can verify it.",
    );
    say(`    Checked here: signed, it gets ${signedProbe}.`);
    say(
      "    So the bench runs node-ovh unmodified with host 127.0.0.1, port and basePath /1.0; in its child",
    );
    say(
      "    process Node's https.globalAgent is a plain-HTTP keep-alive agent (https.request then opens TCP,",
    );
    say("    no TLS); and it authenticates with OAuth2 client credentials (clientID, clientSecret, tokenURL");
    say(
      "    = the emulator's /auth/), which it supports and which sign nothing. One token call per account.",
    );
    say("  - o365r uses signed API keys (application key/secret, consumer key) from the environment, as the");
    say("    accounts file names them; drift and inventory each scan every account once.");
    const perAccount = inventory.calls.length / params.accounts;
    say(
      `  - At the client's default pace (${CLIENT_DEFAULTS.requestsPerMinute} requests per minute per credential), o365r's ~${Math.round(perAccount)} calls per`,
    );
    say(
      `    account would take about ${(perAccount / CLIENT_DEFAULTS.requestsPerMinute).toFixed(1)} min, accounts side by side (each credential has its own limit).`,
    );
    say(
      "  - Peak RSS is the child's process.resourceUsage().maxRSS. The first four children run the same loader",
    );
    say(
      "    (tsx, about 25 MB of the start-only child); the last runs bin/o365r.js on the compiled dist/ with plain",
    );
    say("    Node, as an installed package does (its scan wall is not measured apart from the process).");
  } finally {
    await emu.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** node-ovh with API keys against the loopback emulator: what the emulator answers. */
async function probeSignedNodeOvh(port: number, account: AccountCredentials): Promise<string> {
  const require = createRequire(join(ROOT, "package.json"));
  const ovhFactory = require("@ovhcloud/node-ovh") as NodeOvhFactory;
  const saved = https.globalAgent;
  const agent = new http.Agent({ keepAlive: false });
  (https as unknown as { globalAgent: http.Agent }).globalAgent = agent;
  try {
    const ovh = ovhFactory({
      host: "127.0.0.1",
      port,
      basePath: "/1.0",
      appKey: account.applicationKey,
      appSecret: account.applicationSecret,
      consumerKey: account.consumerKey,
    });
    await ovh.requestPromised("GET", "/me");
    return "an answer (unexpected: the emulator accepted its signature)";
  } catch (error) {
    const e = error as { error?: unknown; message?: unknown };
    return `${String(e.error)} "${String(e.message)}" for GET /me`;
  } finally {
    (https as unknown as { globalAgent: https.Agent }).globalAgent = saved;
    agent.destroy();
  }
}

function checkOutputs(inventory: Measured, drift: Measured, official: Measured, p: Params): void {
  const tenants = p.accounts * p.tenants;
  const subscriptions = tenants * p.subscriptions;
  const inv = JSON.parse(inventory.stdout) as {
    totals: { tenants: number; subscriptions: number; seats: number };
  };
  const dr = JSON.parse(drift.stdout) as { drift: boolean; unmanaged: Array<{ kind: string }> };
  const unmanagedTenants = dr.unmanaged.filter((u) => u.kind === "tenant").length;
  const found = [
    `inventory ${inv.totals.tenants} tenants / ${inv.totals.subscriptions} subscriptions / ${inv.totals.seats} seats (exit ${inventory.exitCode})`,
    `drift ${unmanagedTenants} unmanaged tenants / ${dr.unmanaged.length - unmanagedTenants} subscriptions (exit ${drift.exitCode}, 2 = drift)`,
    `node-ovh ${official.summary?.tenants} tenants / ${official.summary?.subscriptions} subscriptions / ${official.summary?.seats} seats`,
  ];
  process.stdout.write(`found       ${found.join("; ")}\n`);
  const ok =
    inv.totals.tenants === tenants &&
    inv.totals.subscriptions === subscriptions &&
    unmanagedTenants === tenants &&
    dr.unmanaged.length === tenants + subscriptions &&
    official.summary?.tenants === tenants &&
    official.summary?.subscriptions === subscriptions &&
    official.summary?.seats === inv.totals.seats;
  if (!ok)
    process.stdout.write(
      "WARNING     the runs did not all see the seeded fleet: the figures compare unlike scans\n",
    );
  process.stdout.write("\n");
}

function minimalCalls(p: Params): void {
  const say = (line = "") => process.stdout.write(`${line}\n`);
  const { accounts: A, tenants: T, subscriptions: S, pageSize: P } = p;
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  const expanded = (size: number) => A * (pages(T, size) + T * pages(S, size));
  const plain = A * (1 + T * (2 + S));
  say(`fewest API calls for the scan (A=${A} accounts, T=${T} tenants each, S=${S} subscriptions each)`);
  say("  with expanded listing (X-Pagination-Mode: CachedObjectList-Pages, pages of P objects by");
  say("  X-Pagination-Number; GET /saas/csp2 and GET /saas/csp2/{s}/subscription answer objects; there is");
  say("  no cross-tenant subscription route):");
  say(
    `    A × (⌈T/P⌉ + T × ⌈S/P⌉) = ${A} × (${pages(T, P)} + ${T} × ${pages(S, P)}) = ${expanded(P)} with P = ${P}`,
  );
  say(
    `    (with P = ${SMALL_PAGE}: ${A} × (${pages(T, SMALL_PAGE)} + ${T} × ${pages(S, SMALL_PAGE)}) = ${expanded(SMALL_PAGE)})`,
  );
  say("  without (ids, then one GET per object: the node-ovh script's list-then-get):");
  say(
    `    A × (1 + T × (1 tenant GET + 1 subscription-id list + S subscription GETs)) = ${A} × (1 + ${T} × ${2 + S}) = ${plain}`,
  );
  say(
    "  o365r adds per account GET /me (the NIC for the report) and a read of a tenant's orderable licences",
  );
  say("  (licence names), and per account 4 calls for the prices (a throwaway cart: POST /order/cart,");
  say("  GET …/csp2, GET …/csp2/options, DELETE, never checked out); both clients also make one");
  say("  authentication call per credential (o365r: GET /auth/time for the clock offset; node-ovh: the");
  say("  OAuth2 token), which the counts above leave out.");
}

/** Both inventory runs must report the same fleet: paging changes the calls, never the result. */
function checkSamePages(inventory: Measured, smallPages: Measured): void {
  const totals = (m: Measured) => JSON.stringify((JSON.parse(m.stdout) as { totals: unknown }).totals);
  if (totals(inventory) !== totals(smallPages)) {
    process.stdout.write(
      `WARNING     inventory with pages of ${SMALL_PAGE} found ${totals(smallPages)}, with the default ${totals(inventory)}\n\n`,
    );
  }
}

function breakdown(calls: CallRecord[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const route = `${c.method} ${c.path
      .replace(/\/csp2-[0-9a-f]+/, "/{s}")
      .replace(/\/subscription\/\d+/, "/subscription/{id}")
      .replace(/\/order\/cart\/[^/]+/, "/order/cart/{cartId}")
      .replace(/\/license\/[^/]+$/, "/license/{name}")}`;
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  const failed = calls.filter((c) => c.status >= 400 || c.status === 0).length;
  return `${[...counts.entries()].map(([r, n]) => `${r} ×${n}`).join(", ")}${failed ? `; ${failed} failed` : ""}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
if (argv[0] === "--child") {
  const { readFileSync } = await import("node:fs");
  const kind = argv[1];
  const config = JSON.parse(readFileSync(argv[2]!, "utf8")) as ChildConfig;
  if (kind === "inventory" || kind === "inventory-small" || kind === "drift") await childO365r(kind, config);
  else if (kind === "node-ovh") await childNodeOvh(config);
  else if (kind === "warm-up") await childWarmUp();
  else await childBaseline();
} else {
  await parent(argv);
}
