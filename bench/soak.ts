/**
 * bench/soak: recovery without hand work, counted. Runs the resource core as an engine would (a plan,
 * then its apply, per resource, with the engine's state kept between runs) against the emulator,
 * with about 10 % of the calls faulted (5xx, answers lost before and after the server applied the
 * call, tasks that end in error) and the run killed at a random call; then at most two clean runs.
 * Counted per run: orders of the tenant, subscriptions per licence, seats, and whether the plans of a
 * further run show no change. Figures only: nothing here asserts.
 *
 *   npx tsx bench/soak.ts [--runs N] [--seed S] [--json]
 *
 * The declared project: a tenant (Business Standard bought with it), a Business Standard subscription
 * (adopts what the tenant's order bought, with other seats), and a Business Premium one with a Teams
 * Phone add-on on it. A kill is the stand-in for the engine dying: the run's port throws at the
 * chosen call and every call after it (all state lives at OVHcloud, none in the process), and the
 * engine's state keeps what the completed applies recorded.
 */
import { parseArgs } from "node:util";
import { licenceById } from "../emulator/catalogue.js";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../emulator/index.js";
import { createCsp2Api } from "../provider/csp2/index.js";
import { createOvhClient } from "../provider/ovh/index.js";
import {
  type Csp2Port,
  type OperationContext,
  PartialCreateError,
  ReadCache,
  subscription,
  tenant,
} from "../provider/resources/index.js";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "50" },
    seed: { type: "string", default: "14" },
    json: { type: "boolean", default: false },
  },
});
const RUNS = Number(args.runs);
let seed = Number(args.seed);
/** A small seeded generator, so a run can be repeated. */
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

const STANDARD = "Microsoft 365 Business Standard";
const PREMIUM = "Microsoft 365 Business Premium";
const PHONE = "Microsoft Teams Phone Standard";
const fastPoll = { initialMs: 20, maxMs: 100, factor: 1.5 };

class Killed extends Error {
  override name = "Killed";
  readonly mayHaveApplied = false;
}

/** The port of a process that dies at its `at`-th call (never, when undefined). */
function mortal(api: Csp2Port, at: number | undefined): Csp2Port {
  let calls = 0;
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return async (...a: unknown[]) => {
        calls += 1;
        if (at !== undefined && calls >= at) throw new Killed(`killed at call ${calls} (${String(prop)})`);
        return value.apply(target, a);
      };
    },
  });
}

/** The engine's state of the project between runs. */
interface EngineState {
  tenant: tenant.TenantState | null;
  standard: subscription.SubscriptionState | null;
  premium: subscription.SubscriptionState | null;
  phone: subscription.SubscriptionState | null;
}

const tenantInputs = (name: string): tenant.TenantInputs => ({
  displayName: `${name} GmbH`,
  mpnId: "1234567",
  contact: {
    firstName: "Anna",
    lastName: "Muster",
    email: `it@${name.toLowerCase()}.example`,
    phone: "+49.301234567",
    address: "Hauptstr. 1",
    city: "Berlin",
    zipCode: "10115",
  },
  licenses: [{ license: STANDARD, quantity: 2 }],
  allowTermination: true,
});

/**
 * One engine run: each resource planned and applied in dependency order, as Pulumi and OpenTofu do;
 * a resource whose apply fails leaves its state as it was (or as a PartialCreateError recorded it)
 * and its dependents are not run. Returns the errors' codes.
 */
async function engineRun(ctx: OperationContext, name: string, s: EngineState): Promise<string[]> {
  const errors: string[] = [];
  const step = async <T>(key: keyof EngineState, plan: () => Promise<T | null>): Promise<boolean> => {
    try {
      (s as unknown as Record<string, T | null>)[key] = await plan();
      return true;
    } catch (error) {
      if (error instanceof Killed) throw error;
      if (error instanceof PartialCreateError) (s as unknown as Record<string, unknown>)[key] = error.state;
      errors.push((error as { code?: string }).code ?? (error as Error).name);
      return false;
    }
  };
  const okTenant = await step("tenant", async () =>
    tenant.applyTenant(ctx, await tenant.planTenant(ctx, { prior: s.tenant, inputs: tenantInputs(name) }), {
      idempotencyKey: `soak/${name}`,
    }),
  );
  if (!okTenant || !s.tenant) return errors;
  const serviceName = s.tenant.serviceName;
  const sub = async (
    prior: subscription.SubscriptionState | null,
    inputs: subscription.SubscriptionInputs,
  ) => {
    let plan = await subscription.planSubscription(ctx, { prior, inputs });
    // An engine carries out a replace as a create, then a delete of the old object.
    if (plan.action === "replace") {
      const created = await subscription.applySubscription(
        ctx,
        await subscription.planSubscription(ctx, { prior: null, inputs }),
      );
      plan = await subscription.planSubscription(ctx, { prior, inputs: null });
      await subscription.applySubscription(ctx, plan);
      return created;
    }
    return subscription.applySubscription(ctx, plan);
  };
  await Promise.all([
    step("standard", () => sub(s.standard, { tenant: serviceName, license: STANDARD, quantity: 5 })),
    (async () => {
      const ok = await step("premium", () =>
        sub(s.premium, { tenant: serviceName, license: PREMIUM, quantity: 3 }),
      );
      if (!ok || !s.premium) return;
      const parent = s.premium.subscriptionId;
      await step("phone", () => sub(s.phone, { tenant: serviceName, license: PHONE, quantity: 3, parent }));
    })(),
  ]);
  return errors;
}

/** What a further run would plan: the actions that are not "noop". */
async function pending(ctx: OperationContext, name: string, s: EngineState): Promise<string[]> {
  if (!s.tenant) return ["tenant: create"];
  const out: string[] = [];
  const t = await tenant.planTenant(ctx, { prior: s.tenant, inputs: tenantInputs(name) });
  if (t.action !== "noop") out.push(`tenant: ${t.action}`);
  const serviceName = s.tenant.serviceName;
  const declared: [keyof EngineState, subscription.SubscriptionInputs | null][] = [
    ["standard", { tenant: serviceName, license: STANDARD, quantity: 5 }],
    ["premium", { tenant: serviceName, license: PREMIUM, quantity: 3 }],
    [
      "phone",
      s.premium
        ? { tenant: serviceName, license: PHONE, quantity: 3, parent: s.premium.subscriptionId }
        : null,
    ],
  ];
  for (const [key, inputs] of declared) {
    const prior = s[key] as subscription.SubscriptionState | null;
    if (!prior || !inputs) {
      out.push(`${key}: create`);
      continue;
    }
    const p = await subscription.planSubscription(ctx, { prior, inputs });
    if (p.action !== "noop") out.push(`${key}: ${p.action}`);
  }
  return out;
}

interface RunFigures {
  run: number;
  faultsFired: number;
  /** Calls of the faulted run. */
  calls: number;
  killedAtCall: number | null;
  cleanRunsNeeded: number | null;
  orders: number;
  /** Live subscriptions per licence name. */
  perLicence: Record<string, number>;
  seatsAsDeclared: boolean;
  noChangePlan: boolean;
  errors: string[];
}

async function soakRun(em: EmulatorHandle, run: number): Promise<RunFigures> {
  const account: AccountCredentials = em.createAccount();
  const name = `Soak${run}`;
  const client = createOvhClient({
    endpoint: em.url,
    applicationKey: account.applicationKey,
    applicationSecret: account.applicationSecret,
    consumerKey: account.consumerKey,
    env: {},
    configFiles: [],
    log: false,
    rateBudget: false,
    requestsPerMinute: 1_000_000,
  });
  const api = createCsp2Api(client, { taskPoll: fastPoll, orderPoll: fastPoll });
  const process = (dieAt?: number): OperationContext => {
    const port = mortal(api, dieAt);
    return { api: port, reads: new ReadCache(port), now: () => em.now() };
  };
  const state: EngineState = { tenant: null, standard: null, premium: null, phone: null };
  const errors: string[] = [];

  // The faulted run: about 10 % of calls faulted, the process killed at a random call.
  const faultSeed = Math.floor(random() * 1e9);
  const callFaults = [
    { status: 503, probability: 0.035 },
    { drop: "before" as const, probability: 0.03 },
    { drop: "after" as const, probability: 0.03 },
  ];
  for (const [i, f] of callFaults.entries()) em.addFault({ path: "/**", ...f, seed: faultSeed + i });
  em.addFault({
    method: "POST",
    path: "/saas/csp2/**",
    task: "error",
    probability: 0.1,
    seed: faultSeed + 9,
  });
  const killedAt = random() < 0.9 ? 1 + Math.floor(random() * 60) : undefined;
  const before = em.calls().length;
  try {
    errors.push(...(await engineRun(process(killedAt), name, state)));
  } catch (error) {
    if (!(error instanceof Killed)) errors.push((error as Error).message);
  }
  const faulted = em.calls().slice(before);
  em.clearFaults();

  // At most two clean runs.
  let cleanRunsNeeded: number | null = null;
  for (let i = 1; i <= 2 && cleanRunsNeeded === null; i += 1) {
    const runErrors = await engineRun(process(), name, state).catch((e: unknown) => [(e as Error).message]);
    errors.push(...runErrors.map((e) => `clean ${i}: ${e}`));
    if (runErrors.length === 0 && (await pending(process(), name, state)).length === 0) cleanRunsNeeded = i;
  }
  const left = await pending(process(), name, state).catch((e: unknown) => [(e as Error).message]);

  const st = em.state();
  const orders = Object.values(st.orders).filter((o) => o.nic === account.nic).length;
  const tenants = Object.values(st.tenants).filter((t) => t.nic === account.nic && t.deletedAt === null);
  const subs = tenants.flatMap((t) => Object.values(t.subscriptions)).filter((s) => s.status !== "deleting");
  const perLicence: Record<string, number> = {};
  for (const s of subs) {
    const n = licenceById(s.licenseId)?.name ?? String(s.licenseId);
    perLicence[n] = (perLicence[n] ?? 0) + 1;
  }
  const seats = (n: string) => subs.find((s) => licenceById(s.licenseId)?.name === n);
  const seatsAsDeclared =
    seats(STANDARD)?.quantity === 5 &&
    seats(PREMIUM)?.quantity === 3 &&
    seats(PHONE)?.quantity === 3 &&
    subs.every((s) => s.status === "active");
  await client.close();
  return {
    run,
    faultsFired: faulted.filter((c) => c.fault !== undefined && c.fault !== null).length,
    calls: faulted.length,
    killedAtCall: killedAt ?? null,
    cleanRunsNeeded,
    orders,
    perLicence,
    seatsAsDeclared,
    noChangePlan: left.length === 0,
    errors,
  };
}

async function main(): Promise<void> {
  const em = await startEmulator({ port: 0, taskSeconds: 0.05, orderStepSeconds: 0.05, log: () => {} });
  const figures: RunFigures[] = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      figures.push(await soakRun(em, run));
      if (!args.json) process.stderr.write(`bench/soak: run ${run}/${RUNS}\n`);
    }
  } finally {
    await em.stop();
  }
  const count = (f: (r: RunFigures) => boolean) => figures.filter(f).length;
  const summary = {
    runs: figures.length,
    faultsFired: figures.reduce((n, r) => n + r.faultsFired, 0),
    callsOfFaultedRuns: figures.reduce((n, r) => n + r.calls, 0),
    killed: count((r) => r.killedAtCall !== null),
    convergedAfterOneCleanRun: count((r) => r.cleanRunsNeeded === 1),
    convergedAfterTwoCleanRuns: count((r) => r.cleanRunsNeeded === 2),
    notConverged: count((r) => r.cleanRunsNeeded === null),
    oneOrder: count((r) => r.orders === 1),
    moreThanOneOrder: count((r) => r.orders > 1),
    oneSubscriptionPerLicence: count((r) => Object.values(r.perLicence).every((n) => n === 1)),
    seatsAsDeclared: count((r) => r.seatsAsDeclared),
    noChangePlan: count((r) => r.noChangePlan),
  };
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ summary, figures }, null, 2)}\n`);
    return;
  }
  process.stdout.write("bench/soak: recovery under faults and kills, then at most two clean runs\n");
  for (const [k, v] of Object.entries(summary)) process.stdout.write(`  ${k.padEnd(28)} ${v}\n`);
  for (const r of figures.filter((r) => r.cleanRunsNeeded === null || r.orders !== 1)) {
    process.stdout.write(
      `  run ${r.run}: orders ${r.orders}, subscriptions ${JSON.stringify(r.perLicence)}, killed at ${r.killedAtCall}, errors ${r.errors.slice(-4).join(" | ")}\n`,
    );
  }
}

await main();
