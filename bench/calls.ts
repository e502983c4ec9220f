/**
 * bench/calls: the OVH API calls each operation costs under the real `pulumi` and the real `tofu`,
 * counted in the emulator's call log (the in-process handle's `calls()`, what `GET /_emulator/calls`
 * answers).
 *
 *   npx tsx bench/calls.ts [--engine pulumi|tofu] [--out FILE] [--json]      (npm run bench:calls)
 *
 * Per engine, one emulator in this process (tasks and order steps of TASK_SECONDS virtual seconds) and
 * the e2e harness's projects (test/e2e/harness): Pulumi programs run inline through the Automation
 * API's language server against `o365-reseller/pulumi` compiled into dist/; OpenTofu runs our provider
 * through a dev_overrides directory. Operations, in the order they run:
 *
 *   tenant create   a tenant (allowTermination) with two subscriptions, from nothing
 *   seat change     one subscription's quantity up by one
 *   licence change  the other subscription's licence changed: a replace, new subscription first
 *   tenant rename   the tenant's display name
 *   destroy         the tenant and its subscriptions
 *   no-op plan      of FLEET_TENANTS tenants × FLEET_LICENCES.length subscriptions, created beforehand
 *
 * Each operation is a plan phase (Pulumi: `pulumi preview`; OpenTofu: `tofu plan -out`) and an apply
 * phase (`pulumi up --skip-preview`; `tofu apply <plan>`), each an engine run of its own, counted apart;
 * the no-op plan has only its plan phase. Printed per phase: calls, writes (POST/PUT/DELETE), what the
 * plan showed, and the calls by route template of OVHcloud's published schema; then the budgets of
 * issue 14 beside the figures. `--out FILE` also writes the figures as JSON; `--json` prints only the
 * JSON. Figures only: nothing here asserts.
 */
import { writeFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { parseArgs } from "node:util";
import { licenceById } from "../emulator/catalogue.js";
import type { CallRecord, EmulatorHandle } from "../emulator/index.js";
import { findOperation } from "../provider/ovh/schema/index.js";
import { type Engines, ensureEngines } from "../scripts/engines.js";
import {
  ovhEnv,
  type PreviewStep,
  type PulumiFn,
  PulumiProject,
  TofuProject,
  withEmulator,
} from "../test/e2e/harness/index.js";
import { buildPackage, exampleConfig, SUBSCRIPTION_TYPE, TENANT_TYPE } from "../test/e2e/pulumi-support.js";
import { PROVIDER_SOURCE, providerDir } from "../test/e2e/tofu-provider-support.js";

/** Virtual seconds of every task and order step: each wait then ends at its first or second poll. */
const TASK_SECONDS = 0.5;
/**
 * The client's pace (Pulumi: stack config; OpenTofu: O365R_REQUESTS_PER_MINUTE): high enough that the
 * rate limiter never holds a call back.
 */
const CLIENT_REQUESTS_PER_MINUTE = 1_000_000;
const FLEET_TENANTS = 2;
/** One subscription per licence in each fleet tenant. */
const FLEET_LICENCES = [
  "Microsoft 365 Business Basic",
  "Microsoft 365 Business Standard",
  "Microsoft 365 Business Premium",
  "Office 365 E3",
  "Exchange Online (Plan 1)",
];
const WRITES = new Set(["POST", "PUT", "DELETE"]);

const CONTACT = {
  firstName: "Anna",
  lastName: "Muster",
  email: "it@bench.example",
  phone: "+49.301234567",
  address: "Hauptstr. 1",
  city: "Berlin",
  zipCode: "10115",
};
const MPN_ID = "1234567";

// ---------------------------------------------------------------------------------------------------
// What is declared, and what each operation changes
// ---------------------------------------------------------------------------------------------------

interface SubscriptionDecl {
  key: string;
  license: string;
  quantity: number;
}
interface TenantDecl {
  key: string;
  displayName: string;
  subscriptions: SubscriptionDecl[];
}
/** Everything one project declares; every tenant has allowTermination, so that destroy may end it. */
type World = TenantDecl[];
/** What a plan phase plans: a world, or the destruction of what the project holds. */
type Target = World | "destroy";

/** Changes a plan shows, by kind (create, update, replace, delete); unchanged resources left out. */
type Changes = Record<string, number>;

type OperationId =
  | "seat-change"
  | "licence-change"
  | "tenant-rename"
  | "tenant-create"
  | "noop-plan"
  | "destroy";

interface Operation {
  id: OperationId;
  label: string;
  target: Target;
  /** What a correct plan shows. */
  expected: Changes;
  planOnly?: boolean;
  /** What the apply's calls must show for the figures to measure this operation, else why not. */
  checkApply?: (calls: CallRecord[]) => string | undefined;
}

const created: World = [
  {
    key: "bench",
    displayName: "Bench GmbH",
    subscriptions: [
      { key: "a", license: "Microsoft 365 Business Standard", quantity: 5 },
      { key: "b", license: "Microsoft 365 Business Basic", quantity: 3 },
    ],
  },
];
const moreSeats = editTenant(created, (t) => ({
  ...t,
  subscriptions: t.subscriptions.map((s) => (s.key === "a" ? { ...s, quantity: s.quantity + 1 } : s)),
}));
const otherLicence = editTenant(moreSeats, (t) => ({
  ...t,
  subscriptions: t.subscriptions.map((s) =>
    s.key === "b" ? { ...s, license: "Microsoft 365 Business Premium" } : s,
  ),
}));
const renamed = editTenant(otherLicence, (t) => ({ ...t, displayName: "Bench Renamed GmbH" }));
const fleet: World = Array.from({ length: FLEET_TENANTS }, (_, i) => ({
  key: `fleet${i + 1}`,
  displayName: `Fleet ${i + 1} SARL`,
  subscriptions: FLEET_LICENCES.map((license, j) => ({ key: `s${j + 1}`, license, quantity: 2 + j })),
}));

function editTenant(world: World, edit: (t: TenantDecl) => TenantDecl): World {
  return world.map((t, i) => (i === 0 ? edit(t) : t));
}

/** The lifecycle project's operations, in the order they run (each starts from the previous one's end). */
const LIFECYCLE: Operation[] = [
  {
    id: "tenant-create",
    label: "tenant create with two subscriptions",
    target: created,
    expected: { create: 3 },
  },
  {
    id: "seat-change",
    label: "seat change (one subscription +1)",
    target: moreSeats,
    expected: { update: 1 },
  },
  {
    id: "licence-change",
    label: "licence change (replace, new first)",
    target: otherLicence,
    expected: { replace: 1 },
    checkApply: (calls) => {
      const order = calls.findIndex((c) => c.method === "POST" && routeOf(c).endsWith("/subscription"));
      const cancel = calls.findIndex((c) => c.method === "DELETE");
      return order >= 0 && cancel > order
        ? undefined
        : "the old subscription was not cancelled after the new one";
    },
  },
  { id: "tenant-rename", label: "tenant rename (display name)", target: renamed, expected: { update: 1 } },
  { id: "destroy", label: "destroy (tenant + 2 subscriptions)", target: "destroy", expected: { delete: 3 } },
];
const NOOP: Operation = {
  id: "noop-plan",
  label: `no-op plan, ${FLEET_TENANTS} tenants × ${FLEET_LICENCES.length} subscriptions`,
  target: fleet,
  expected: {},
  planOnly: true,
};
/** The order of the printed tables: the issue's. */
const PRINT_ORDER: OperationId[] = [
  "seat-change",
  "licence-change",
  "tenant-rename",
  "tenant-create",
  "noop-plan",
  "destroy",
];

interface Budget {
  engine: EngineName;
  operation: OperationId;
  max: number;
  what: string;
}
/** Issue 14, "Budgets, measured": calls per operation, plan and apply phases together. */
const BUDGETS: Budget[] = [
  { engine: "pulumi", operation: "seat-change", max: 5, what: "seat change, preview + up" },
  { engine: "tofu", operation: "seat-change", max: 6, what: "seat change, plan + apply" },
  {
    engine: "tofu",
    operation: "noop-plan",
    max: 7,
    what: `no-op plan of ${FLEET_TENANTS * FLEET_LICENCES.length} subscriptions in ${FLEET_TENANTS} tenants`,
  },
];

// ---------------------------------------------------------------------------------------------------
// Engines
// ---------------------------------------------------------------------------------------------------

type EngineName = "pulumi" | "tofu";

/** One project of one engine: a plan phase and an apply phase, each one engine run. */
interface Driver {
  readonly phases: { plan: string; apply: string };
  /**
   * Plans `target`. Returns how to read what the plan shows, called after the plan's calls are counted
   * (reading a saved plan starts the provider again).
   */
  plan(target: Target): Promise<() => Promise<Changes>>;
  /** Applies `target` (after plan: what that plan planned). */
  apply(target: Target): Promise<void>;
  cleanup(): Promise<void>;
}

interface EngineSetup {
  name: EngineName;
  /** The commands of each phase, for the parameters. */
  commands: string;
  /** The client's pace, for the parameters. */
  pace: string;
  open(em: EmulatorHandle, nic: string): Promise<Driver>;
}

type PulumiModule = typeof import("o365-reseller/pulumi");

function pulumiSetup(engines: Engines, pkg: PulumiModule): EngineSetup {
  return {
    name: "pulumi",
    commands:
      "preview: `pulumi preview --json`, up: `pulumi up --yes --skip-preview`; destroy: `pulumi preview --json` of a program declaring nothing, then `pulumi destroy --yes --skip-preview`",
    pace: `client pace ${CLIENT_REQUESTS_PER_MINUTE} requests a minute (stack config o365-reseller:requestsPerMinute)`,
    async open(em, nic) {
      const account = em.createAccount({ nic });
      const base = exampleConfig(em, account);
      const project = await PulumiProject.create({
        fixture: "pulumi-example",
        engines,
        config: { ...base.config, "o365-reseller:requestsPerMinute": String(CLIENT_REQUESTS_PER_MINUTE) },
        secrets: base.secrets,
      });
      return {
        phases: { plan: "preview", apply: "up" },
        async plan(target) {
          // An empty program's preview plans what `pulumi destroy` does: `destroy --preview-only` refuses
          // to run beside PULUMI_SKIP_CONFIRMATIONS, which the harness sets for every command.
          const digest = await project.previewJson(pulumiProgram(pkg, target === "destroy" ? [] : target));
          return async () => pulumiChanges(digest.steps);
        },
        async apply(target) {
          if (target === "destroy") await project.destroy();
          else await project.up(pulumiProgram(pkg, target));
        },
        cleanup: () => project.cleanup(),
      };
    },
  };
}

/**
 * The preview's steps of our resources, by kind. A replace is three steps (create-replacement, replace,
 * delete-replaced): it counts once; the stack resource and default providers are left out.
 */
function pulumiChanges(steps: PreviewStep[]): Changes {
  const changes: Changes = {};
  for (const step of steps) {
    const type = step.urn.split("::")[2];
    if (type !== TENANT_TYPE && type !== SUBSCRIPTION_TYPE) continue;
    if (["create", "update", "replace", "delete"].includes(step.op))
      changes[step.op] = (changes[step.op] ?? 0) + 1;
  }
  return changes;
}

function pulumiProgram(pkg: PulumiModule, world: World): PulumiFn {
  return async () => {
    for (const t of world) {
      const tenant = new pkg.Office365ResellerTenant(t.key, {
        displayName: t.displayName,
        mpnId: MPN_ID,
        contact: CONTACT,
        allowTermination: true,
      });
      for (const s of t.subscriptions) {
        new pkg.Office365ResellerSubscription(`${t.key}-${s.key}`, {
          tenant: tenant.serviceName,
          license: s.license,
          quantity: s.quantity,
        });
      }
    }
    return {};
  };
}

function tofuSetup(engines: Engines): EngineSetup {
  return {
    name: "tofu",
    commands:
      "plan: `tofu plan -out=tfplan`, apply: `tofu apply tfplan`; destroy: `tofu plan -destroy -out=tfplan`, then `tofu apply tfplan`",
    pace: `client pace ${CLIENT_REQUESTS_PER_MINUTE} requests a minute (environment O365R_REQUESTS_PER_MINUTE)`,
    async open(em, nic) {
      const account = em.createAccount({ nic });
      const plugin = await providerDir();
      const project = await TofuProject.create({
        engines,
        devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
        env: { ...ovhEnv(em, account), O365R_REQUESTS_PER_MINUTE: String(CLIENT_REQUESTS_PER_MINUTE) },
      });
      return {
        phases: { plan: "plan", apply: "apply" },
        async plan(target) {
          if (target !== "destroy") await project.writeFile("main.tf", hcl(target));
          await project.tofu(
            [
              "plan",
              "-no-color",
              "-out=tfplan",
              "-detailed-exitcode",
              ...(target === "destroy" ? ["-destroy"] : []),
            ],
            { okCodes: [0, 2] },
          );
          return async () => {
            const shown = JSON.parse((await project.tofu(["show", "-json", "tfplan"])).stdout) as {
              resource_changes?: { mode: string; change: { actions: string[] } }[];
            };
            const changes: Changes = {};
            for (const c of shown.resource_changes ?? []) {
              if (c.mode !== "managed") continue;
              const kind = c.change.actions.length === 2 ? "replace" : c.change.actions[0]!;
              if (kind !== "no-op" && kind !== "read") changes[kind] = (changes[kind] ?? 0) + 1;
            }
            return changes;
          };
        },
        async apply() {
          await project.apply("tfplan");
        },
        async cleanup() {
          await project.cleanup();
          await plugin.cleanup();
        },
      };
    },
  };
}

function hcl(world: World): string {
  const q = (s: string) => JSON.stringify(s);
  const contact = Object.entries(CONTACT)
    .map(([k, v]) => `    ${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = ${q(v)}`)
    .join("\n");
  const blocks = [
    `terraform {
  required_providers {
    o365reseller = { source = ${q(PROVIDER_SOURCE)} }
  }
}`,
    `provider "o365reseller" {}`,
  ];
  for (const t of world) {
    blocks.push(`resource "o365reseller_tenant" ${q(t.key)} {
  display_name      = ${q(t.displayName)}
  mpn_id            = ${q(MPN_ID)}
  allow_termination = true
  contact = {
${contact}
  }
}`);
    for (const s of t.subscriptions) {
      blocks.push(`resource "o365reseller_subscription" ${q(`${t.key}_${s.key}`)} {
  tenant   = o365reseller_tenant.${t.key}.service_name
  license  = ${q(s.license)}
  quantity = ${s.quantity}
  lifecycle {
    create_before_destroy = true
  }
}`);
    }
  }
  return `${blocks.join("\n\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------

interface PhaseFigures {
  phase: string;
  calls: number;
  writes: number;
  /** Calls answered with an error status (or never answered). */
  failed: number;
  seconds: number;
  /** For plan phases: what the plan showed. */
  planned?: Changes;
  /** Calls by "METHOD /route/{template}", most first. */
  routes: Record<string, number>;
}

interface OperationFigures {
  engine: EngineName;
  operation: OperationId;
  label: string;
  phases: PhaseFigures[];
  calls: number;
  writes: number;
  expected: Changes;
}

interface Report {
  bench: "calls";
  date: string;
  seconds: number;
  machine: { cpus: number; cpuModel: string; os: string; node: string; pulumi?: string; tofu?: string };
  parameters: Record<string, string>;
  results: OperationFigures[];
  budgets: (Budget & { calls: number | null; met: boolean | null })[];
  warnings: string[];
}

const apiCalls = (em: EmulatorHandle): CallRecord[] =>
  em.calls().filter((c) => !c.path.startsWith("/_emulator"));

/** The published route a call belongs to (`GET /saas/csp2/{serviceName}`); the path itself otherwise. */
function routeOf(call: Pick<CallRecord, "method" | "path">): string {
  return `${call.method} ${findOperation(call.method, call.path)?.api.path ?? call.path}`;
}

function phaseFigures(phase: string, calls: CallRecord[], seconds: number, planned?: Changes): PhaseFigures {
  const routes = new Map<string, number>();
  for (const c of calls) routes.set(routeOf(c), (routes.get(routeOf(c)) ?? 0) + 1);
  return {
    phase,
    calls: calls.length,
    writes: calls.filter((c) => WRITES.has(c.method)).length,
    failed: calls.filter((c) => c.status === 0 || c.status >= 400).length,
    seconds: Math.round(seconds * 100) / 100,
    ...(planned ? { planned } : {}),
    routes: Object.fromEntries([...routes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
  };
}

async function measure(
  em: EmulatorHandle,
  engine: EngineName,
  driver: Driver,
  op: Operation,
  warn: (line: string) => void,
): Promise<OperationFigures> {
  progress(`${engine}: ${op.label}`);
  const phases: PhaseFigures[] = [];
  em.clearCalls();
  let started = performance.now();
  const readPlan = await driver.plan(op.target);
  const planCalls = apiCalls(em);
  const planSeconds = (performance.now() - started) / 1000;
  const planned = await readPlan();
  phases.push(phaseFigures(driver.phases.plan, planCalls, planSeconds, planned));
  if (!op.planOnly) {
    em.clearCalls();
    started = performance.now();
    await driver.apply(op.target);
    const calls = apiCalls(em);
    phases.push(phaseFigures(driver.phases.apply, calls, (performance.now() - started) / 1000));
    const problem = op.checkApply?.(calls);
    if (problem) warn(`${engine} ${op.label}: ${problem}`);
  }
  em.clearCalls();
  for (const p of phases) {
    if (p.failed > 0) warn(`${engine} ${op.label}: ${p.failed} calls of the ${p.phase} failed`);
  }
  return {
    engine,
    operation: op.id,
    label: op.label,
    phases,
    calls: phases.reduce((n, p) => n + p.calls, 0),
    writes: phases.reduce((n, p) => n + p.writes, 0),
    expected: op.expected,
  };
}

/** Runs every operation under one engine, in an emulator of its own. */
async function runEngine(setup: EngineSetup, warn: (line: string) => void): Promise<OperationFigures[]> {
  return withEmulator(
    async (em) => {
      const results: OperationFigures[] = [];
      const lifecycle = await setup.open(em, `bench-${setup.name}-ovh`);
      try {
        for (const op of LIFECYCLE) {
          results.push(await measure(em, setup.name, lifecycle, op, warn));
          checkLive(em, `bench-${setup.name}-ovh`, op.target === "destroy" ? [] : op.target, op.label, warn);
        }
      } finally {
        await lifecycle.cleanup();
      }
      const fleetNic = `fleet-${setup.name}-ovh`;
      const fleetProject = await setup.open(em, fleetNic);
      try {
        progress(`${setup.name}: creating the fleet for the no-op plan (not counted)`);
        await fleetProject.plan(fleet);
        await fleetProject.apply(fleet);
        checkLive(em, fleetNic, fleet, "fleet", warn);
        results.push(await measure(em, setup.name, fleetProject, NOOP, warn));
      } finally {
        await fleetProject.cleanup();
      }
      return results;
    },
    { taskSeconds: TASK_SECONDS, orderStepSeconds: TASK_SECONDS, log: () => {} },
  );
}

/** What the emulator holds for an account must be what was declared: else the figures measured a failure. */
function checkLive(
  em: EmulatorHandle,
  nic: string,
  world: World,
  what: string,
  warn: (line: string) => void,
) {
  const live = Object.values(em.state().tenants)
    .filter((t) => t.nic === nic && t.deletedAt === null && !t.renew.deleteAtExpiration)
    .map((t) =>
      describeTenant(
        t.displayName,
        Object.values(t.subscriptions)
          .filter((s) => s.status === "active")
          .map((s) => ({
            license: licenceById(s.licenseId)?.name ?? String(s.licenseId),
            quantity: s.quantity,
          })),
      ),
    )
    .sort();
  const declared = world.map((t) => describeTenant(t.displayName, t.subscriptions)).sort();
  if (JSON.stringify(live) !== JSON.stringify(declared)) {
    warn(`after ${what}, the emulator holds [${live.join("; ")}], not [${declared.join("; ")}]`);
  }
}

function describeTenant(name: string, subs: { license: string; quantity: number }[]): string {
  return `${name}: ${subs
    .map((s) => `${s.license} × ${s.quantity}`)
    .sort()
    .join(", ")}`;
}

function sameChanges(a: Changes, b: Changes): boolean {
  return changesText(a) === changesText(b);
}

function changesText(c: Changes): string {
  const parts = Object.entries(c)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([kind, n]) => `${kind} ${n}`);
  return parts.length > 0 ? parts.join(", ") : "no change";
}

// ---------------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------------

function progress(line: string): void {
  process.stderr.write(`bench/calls: ${line}…\n`);
}

/** A plain-text table; the columns in `left` are aligned left, the others (figures) right. */
function table(header: string[], rows: string[][], left: number[] = [0]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function ordered(results: OperationFigures[], engine: EngineName): OperationFigures[] {
  return PRINT_ORDER.flatMap((id) => results.filter((r) => r.engine === engine && r.operation === id));
}

function engineTable(results: OperationFigures[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    r.phases.forEach((p, i) => {
      const planned =
        p.planned === undefined
          ? ""
          : sameChanges(p.planned, r.expected)
            ? changesText(p.planned)
            : `${changesText(p.planned)} (expected ${changesText(r.expected)})`;
      rows.push([
        i === 0 ? r.label : "",
        p.phase,
        String(p.calls),
        String(p.writes),
        `${p.seconds.toFixed(1)} s`,
        planned,
      ]);
    });
    if (r.phases.length > 1) rows.push(["", "total", String(r.calls), String(r.writes), "", ""]);
  }
  return table(["operation", "phase", "calls", "writes", "wall", "plan showed"], rows, [0, 1, 5]);
}

function routeLines(results: OperationFigures[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`  ${r.label}`);
    for (const p of r.phases) {
      const routes = Object.entries(p.routes).map(([route, n]) => `${route} ×${n}`);
      lines.push(`    ${p.phase} (${p.calls}): ${routes.join(", ") || "none"}`);
    }
  }
  return lines;
}

/** The summary the README keeps: one row per operation, both engines side by side. */
function summaryTable(results: OperationFigures[], engines: EngineName[]): string {
  const header = ["operation"];
  for (const e of engines) {
    header.push(
      ...(e === "pulumi" ? ["Pulumi preview", "up"] : ["OpenTofu plan", "apply"]),
      "total",
      "writes",
    );
  }
  const rows = PRINT_ORDER.map((id) => {
    const row = [LIFECYCLE.concat(NOOP).find((o) => o.id === id)!.label];
    for (const e of engines) {
      const r = results.find((x) => x.engine === e && x.operation === id);
      row.push(
        r?.phases[0] ? String(r.phases[0].calls) : "—",
        r?.phases[1] ? String(r.phases[1].calls) : "—",
        r ? String(r.calls) : "—",
        r ? String(r.writes) : "—",
      );
    }
    return row;
  });
  return table(header, rows);
}

function budgetsOf(results: OperationFigures[]): Report["budgets"] {
  return BUDGETS.map((b) => {
    const r = results.find((x) => x.engine === b.engine && x.operation === b.operation);
    return { ...b, calls: r?.calls ?? null, met: r ? r.calls <= b.max : null };
  });
}

function printReport(report: Report, engines: EngineName[]): void {
  const out: string[] = [];
  const say = (line = "") => out.push(line);
  const m = report.machine;
  say("bench/calls: OVH API calls per operation, from the emulator's call log");
  say(
    `machine     ${m.cpus} × ${m.cpuModel}, ${m.os}, Node ${m.node}` +
      (m.pulumi ? `, pulumi ${m.pulumi}` : "") +
      (m.tofu ? `, tofu ${m.tofu}` : ""),
  );
  for (const [k, v] of Object.entries(report.parameters)) say(`${k.padEnd(11)} ${v}`);
  say();
  for (const e of engines) {
    const rs = ordered(report.results, e);
    say(e === "pulumi" ? `Pulumi (${m.pulumi})` : `OpenTofu (${m.tofu})`);
    say();
    say(engineTable(rs));
    say();
    say("calls by route (OVHcloud's published route templates):");
    for (const l of routeLines(rs)) say(l);
    say();
  }
  say("summary: API calls per operation (plan phase, apply phase, total; writes = POST/PUT/DELETE)");
  say();
  say(summaryTable(report.results, engines));
  say();
  say("budgets (issue 14)");
  for (const b of report.budgets) {
    if (!engines.includes(b.engine)) continue;
    const verdict = b.met === null ? "not measured" : b.met ? "met" : "NOT met";
    say(`  ${b.engine.padEnd(6)} ${b.what}: ≤ ${b.max}, measured ${b.calls ?? "—"}: ${verdict}`);
  }
  say();
  say("notes");
  say("  - Every call counts against OVHcloud's fair use (about 60 a minute per consumer key), reads too.");
  say("  - Waits poll (tasks every 2–15 s, orders every 5–30 s): here tasks and order steps take");
  say(`    ${TASK_SECONDS} virtual seconds, so each wait costs one or two polls; against OVHcloud, where`);
  say("    deliveries take minutes, the writes cost the same but the waits poll more.");
  say("  - An operation runs on the whole project: Pulumi checks and diffs, OpenTofu refreshes, every");
  say("    resource declared (the lifecycle project holds 1 tenant and 2 subscriptions), so calls about");
  say("    resources that do not change count too.");
  say("  - The no-op plan's fleet is created by the engine beforehand, uncounted; each phase is its own");
  say("    engine run (Pulumi: one provider host; OpenTofu: several provider processes, each reading the");
  say("    server time and the account once).");
  say('  - plan showed: the changes the plan phase listed; "(expected …)" marks a plan that shows other');
  say("    changes than the operation makes (the apply phase then does what was declared, checked in the");
  say("    emulator's state after every apply; a mismatch there is listed under WARNINGS).");
  say(`  - wall: the engine run, start to end; ${report.seconds.toFixed(0)} s for the whole bench.`);
  if (report.warnings.length > 0) {
    say();
    say("WARNINGS (the figures above may not measure what they say)");
    for (const w of report.warnings) say(`  - ${w}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (values.engine !== undefined && values.engine !== "pulumi" && values.engine !== "tofu") {
    throw new Error(`--engine ${values.engine}: must be pulumi or tofu (default: both)`);
  }
  const chosen: EngineName[] = values.engine ? [values.engine as EngineName] : ["pulumi", "tofu"];
  const started = performance.now();
  const engines = await ensureEngines({
    build: false,
    log: (l) => process.stderr.write(`bench/calls: [engines] ${l}\n`),
  });
  const setups: EngineSetup[] = [];
  if (chosen.includes("pulumi")) {
    await buildPackage((l) => process.stderr.write(`${l}\n`));
    setups.push(pulumiSetup(engines, await import("o365-reseller/pulumi")));
  }
  if (chosen.includes("tofu")) setups.push(tofuSetup(engines));

  const warnings: string[] = [];
  const warn = (line: string) => {
    warnings.push(line);
    process.stderr.write(`bench/calls: WARNING ${line}\n`);
  };
  const results: OperationFigures[] = [];
  for (const setup of setups) results.push(...(await runEngine(setup, warn)));

  const cpu = cpus();
  const report: Report = {
    bench: "calls",
    date: new Date().toISOString(),
    seconds: Math.round(performance.now() - started) / 1000,
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "?",
      os: `${process.platform} ${release()}`,
      node: process.version,
      ...(chosen.includes("pulumi") ? { pulumi: engines.pulumi.version } : {}),
      ...(chosen.includes("tofu") ? { tofu: engines.tofu.version } : {}),
    },
    parameters: {
      emulator: `in process, tasks and order steps ${TASK_SECONDS} virtual s, no fair-use limit, no latency`,
      lifecycle: `one tenant (allowTermination) with ${created[0]!.subscriptions.map((s) => `${s.license} × ${s.quantity}`).join(" and ")}; licence change of the second to Microsoft 365 Business Premium`,
      fleet: `${FLEET_TENANTS} tenants × ${FLEET_LICENCES.length} subscriptions (${FLEET_LICENCES.join(", ")})`,
      ...Object.fromEntries(setups.map((s) => [s.name, `${s.commands}; ${s.pace}`])),
    },
    results,
    budgets: budgetsOf(results),
    warnings,
  };
  if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report, chosen);
}

await main();
