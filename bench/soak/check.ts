/**
 * What a soak run ended with, read from the emulator's state (what OVHcloud would bill): paid orders per
 * declared tenant, subscriptions per licence, their status and seats. Each shortfall is a problem,
 * marked when a task that ended in `error` is behind it (issue 14, item 5).
 */
import { licenceById } from "../../emulator/catalogue.js";
import type { EmulatorHandle } from "../../emulator/index.js";
import type { World } from "./world.js";

export interface Problem {
  what: string;
  /** A subscription or seat-change task of this subscription ended in `error`. */
  taskError: boolean;
}

export interface Counts {
  /** Paid orders beyond one per declared tenant, and paid orders of no declared tenant. */
  duplicateOrders: number;
  /** Subscriptions beyond one per declared licence of a tenant. */
  duplicateSubscriptions: number;
  problems: Problem[];
}

type State = ReturnType<EmulatorHandle["state"]>;
type Order = State["orders"][string];

const labelKey = (label: string) => label.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The contact last name an order was placed for (its tenant line's configuration). */
function lastNameOf(order: Order): string | undefined {
  for (const d of order.details) {
    const c = d.configurations.find((x) => labelKey(x.label) === "lastname");
    if (c) return c.value;
  }
  return undefined;
}

export function countOutcome(em: EmulatorHandle, nic: string, world: World): Counts {
  const state = em.state();
  const problems: Problem[] = [];
  const problem = (what: string, taskError = false) => problems.push({ what, taskError });
  let duplicateOrders = 0;
  let duplicateSubscriptions = 0;

  const paid = Object.values(state.orders).filter((o) => o.nic === nic && o.paidAt !== null);
  const declaredNames = new Set(world.map((t) => t.lastName));
  const strays = paid.filter((o) => !declaredNames.has(lastNameOf(o) ?? ""));
  if (strays.length > 0) {
    duplicateOrders += strays.length;
    problem(`${strays.length} paid order(s) of no declared tenant`);
  }
  const tenants = Object.values(state.tenants).filter((t) => t.nic === nic && t.deletedAt === null);

  for (const decl of world) {
    const orders = paid.filter((o) => lastNameOf(o) === decl.lastName);
    if (orders.length !== 1) problem(`${decl.key}: ${orders.length} paid orders`);
    duplicateOrders += Math.max(0, orders.length - 1);
    const found = tenants.filter((t) => t.lastName === decl.lastName);
    if (found.length !== 1) {
      problem(`${decl.key}: ${found.length} tenants delivered`);
      if (found.length === 0) continue;
    }
    const subscriptions = found.flatMap((t) => Object.values(t.subscriptions).map((s) => ({ t, s })));
    const tasks = found.flatMap((t) => Object.values(t.tasks));
    const byLicence = new Map<string, typeof subscriptions>();
    for (const x of subscriptions) {
      const name = licenceById(x.s.licenseId)?.name ?? `licence ${x.s.licenseId}`;
      byLicence.set(name, [...(byLicence.get(name) ?? []), x]);
    }
    for (const [name, list] of byLicence) {
      if (!decl.subscriptions.some((s) => s.license === name)) {
        problem(`${decl.key}: ${list.length} subscription(s) of undeclared ${name}`);
      }
    }
    for (const want of decl.subscriptions) {
      const list = byLicence.get(want.license) ?? [];
      const where = `${decl.key}/${want.key}`;
      const failed = tasks.some((k) => list.some((x) => x.s.id === k.subscriptionId) && k.status === "error");
      // A subscription whose creation task ended in `error` has no working seats: not a purchase, but
      // a leftover the run should not end with either.
      const live = list.filter((x) => x.s.status !== "error");
      if (live.length !== 1)
        problem(`${where}: ${live.length} working subscriptions of ${want.license}`, failed);
      duplicateSubscriptions += Math.max(0, live.length - 1);
      for (const { s } of list) {
        if (s.status === "error") problem(`${where}: subscription ${s.id} left in error`, true);
        else if (s.status !== "active") problem(`${where}: subscription ${s.id} is ${s.status}`, failed);
        else if (s.quantity !== want.quantity) {
          problem(`${where}: ${s.quantity} seats, ${want.quantity} declared`, failed);
        }
      }
    }
  }
  return { duplicateOrders, duplicateSubscriptions, problems };
}
