// Brings the state up to the virtual now: tasks finish, orders move on and deliver their tenants,
// tenants renew or end at expiry. Run before every API and admin request, so that time-driven changes
// happen in virtual-time order however far the clock jumped, with no background timer.
import { licenceOfOption } from "../catalogue.js";
import type { ResolvedOptions } from "../options.js";
import { normalise } from "./labels.js";
import type { Order, State, Task, Tenant } from "./state.js";
import { addSubscription, createTenant, recordUsage } from "./tenants.js";
import { addMonths } from "./time.js";

interface Due {
  at: number;
  apply: () => void;
}

/** Applies everything due at `now`; returns whether the state changed. */
export function settle(state: State, now: number, options: ResolvedOptions): boolean {
  let changed = false;
  for (let round = 0; round < 10_000; round += 1) {
    const due = collect(state, now, options).sort((a, b) => a.at - b.at);
    if (due.length === 0) break;
    for (const event of due) event.apply();
    changed = true;
  }
  // Tasks half-way through show `doing`; this only changes a status, so it needs no ordering.
  for (const tenant of Object.values(state.tenants)) {
    for (const task of Object.values(tenant.tasks)) {
      if (task.status === "todo" && now >= task.doingAt) {
        task.status = "doing";
        changed = true;
      }
    }
  }
  return changed;
}

function collect(state: State, now: number, options: ResolvedOptions): Due[] {
  const due: Due[] = [];
  for (const tenant of Object.values(state.tenants)) {
    if (tenant.deletedAt !== null) continue;
    for (const task of Object.values(tenant.tasks)) {
      if ((task.status === "todo" || task.status === "doing") && now >= task.doneAt) {
        due.push({ at: task.doneAt, apply: () => finishTask(tenant, task) });
      }
    }
    if (now >= tenant.expiration) due.push({ at: tenant.expiration, apply: () => expire(tenant) });
  }
  const step = options.orderStepSeconds * 1000;
  for (const order of Object.values(state.orders)) {
    if (order.paidAt === null || order.outcome === "stuck") continue;
    if (order.status === "checking" && now >= order.paidAt + step) {
      due.push({ at: order.paidAt + step, apply: () => advanceOrder(order, order.paidAt! + step) });
    } else if (order.status === "delivering" && now >= order.paidAt + 2 * step) {
      due.push({ at: order.paidAt + 2 * step, apply: () => deliver(state, order, order.paidAt! + 2 * step) });
    }
  }
  return due;
}

function finishTask(tenant: Tenant, task: Task): void {
  if (tenant.deletedAt !== null || (task.status !== "todo" && task.status !== "doing")) return;
  const at = task.doneAt;
  task.status = task.willFail ? "error" : "done";
  task.finishDate = at;
  const sub = tenant.subscriptions[task.subscriptionId];
  if (!sub) return;
  sub.taskPendingId = 0;
  sub.lastUpdate = at;
  if (task.willFail) {
    sub.status = task.function === "addSubscription" || task.function === "orderAddon" ? "error" : "active";
    return;
  }
  switch (task.function) {
    case "addSubscription":
    case "orderAddon":
      sub.status = "active";
      break;
    case "changeQuantity": {
      const quantity = task.quantity ?? sub.quantity;
      // Microsoft reopens the reduction window when seats are added.
      if (quantity > sub.quantity) sub.seatsAddedAt = at;
      sub.quantity = quantity;
      break;
    }
    case "deleteSubscription": {
      // Cancelling a subscription cancels its add-ons with it.
      const gone = [sub, ...Object.values(tenant.subscriptions).filter((s) => s.parentId === sub.id)];
      for (const s of gone) {
        delete tenant.subscriptions[s.id];
        const pending = s.taskPendingId ? tenant.tasks[s.taskPendingId] : undefined;
        if (pending && pending.id !== task.id && (pending.status === "todo" || pending.status === "doing")) {
          pending.status = "cancelled";
          pending.finishDate = at;
        }
      }
      for (const licenseId of new Set(gone.map((s) => s.licenseId))) recordUsage(tenant, licenseId, at);
      return;
    }
  }
  recordUsage(tenant, sub.licenseId, at);
}

function expire(tenant: Tenant): void {
  if (tenant.renew.deleteAtExpiration) {
    tenant.deletedAt = tenant.expiration;
    return;
  }
  // Automatic renewal; manual renewal is not simulated (the reseller's account pays automatically).
  tenant.expiration = addMonths(tenant.expiration, Math.max(1, tenant.renew.period));
}

function advanceOrder(order: Order, at: number): void {
  order.status = order.outcome === "fail" ? "cancelled" : "delivering";
  order.history.push({ status: order.status, at });
}

/**
 * Delivery: each tenant line becomes a tenant, and each of its licence option lines one active
 * subscription of the option's seats, created at the same instant as the tenant.
 */
function deliver(state: State, order: Order, at: number): void {
  for (const detail of order.details) {
    if (detail.parentItemId) continue;
    const value = (label: string): string | undefined => {
      const found = detail.configurations.filter((c) => normalise(c.label) === normalise(label));
      return found.at(-1)?.value;
    };
    const tenant = createTenant(
      state,
      order.nic,
      {
        displayName: value("displayName") ?? "",
        firstName: value("firstName"),
        lastName: value("lastName"),
        email: value("email"),
        phone: value("phone"),
        address: value("address"),
        city: value("city"),
        zipCode: value("zipCode"),
        mpnId: value("mpnId") ?? null,
        subDomain: value("subDomain") ?? null,
      },
      at,
      order.orderId,
    );
    detail.domain = tenant.serviceName;
    for (const option of order.details.filter((d) => d.parentItemId === detail.itemId)) {
      const licence = licenceOfOption(option.planCode);
      if (!licence) continue;
      addSubscription(state, tenant, {
        licenseId: licence.id,
        quantity: option.quantity ?? 1,
        status: "active",
        at,
      });
      recordUsage(tenant, licence.id, at);
      option.domain = tenant.serviceName;
    }
  }
  order.status = "delivered";
  order.history.push({ status: "delivered", at });
}
