// `/saas/csp2/{s}/subscription/*`: every write answers an OfficeTask and changes the subscription
// when the task is done on the virtual clock (core/settle.ts). Rules are checked synchronously first.
import {
  SubscriptionChangeQuantityCreation,
  SubscriptionCreation,
  SubscriptionOrderAddonCreation,
} from "../../provider/ovh/models/index.js";
import { addonsFor, type CatalogueLicence, licenceById } from "../catalogue.js";
import { nextId, type Subscription, type Task, type TaskFunction, type Tenant } from "../core/state.js";
import { addSubscription } from "../core/tenants.js";
import { parseBody, pathId } from "../http/body.js";
import { type Ctx, type Route, tenantOf } from "../http/context.js";
import { errors } from "../http/errors.js";
import { listReply } from "../http/pagination.js";
import { checkCancellation, checkPurchase, checkQuantityChange } from "../rules.js";
import { subscriptionView, taskView } from "../views.js";

const BASE = "/saas/csp2/:serviceName/subscription";

function subscriptionOf(tenant: Tenant, id: string | undefined): Subscription {
  const sub = tenant.subscriptions[pathId(id) ?? -1];
  if (!sub) throw errors.objectNotFound("id", id ?? "");
  return sub;
}

function requirePositive(quantity: number): void {
  if (quantity < 1) {
    throw errors.badRequest(`Invalid parameter quantity: must be at least 1, got ${quantity}`, {
      fields: ["quantity"],
    });
  }
}

function requireNoPendingTask(tenant: Tenant, sub: Subscription): void {
  if (sub.taskPendingId !== 0) {
    throw errors.conflict(
      `Subscription ${sub.id} of ${tenant.serviceName} already has task ${sub.taskPendingId} pending: wait for it to finish`,
    );
  }
}

function orderableLicence(id: number, field: string): CatalogueLicence {
  const licence = licenceById(id);
  if (!licence)
    throw errors.badRequest(`Invalid parameter ${field}: no orderable licence ${id}`, { fields: [field] });
  return licence;
}

/** Queues a task; `task: "error"` faults on this call make it end in error. */
function createTask(
  ctx: Ctx,
  tenant: Tenant,
  fn: TaskFunction,
  sub: Subscription,
  quantity: number | null,
): Task {
  const seconds = ctx.env.options.taskSeconds * 1000;
  const task: Task = {
    id: nextId(ctx.state, "task"),
    function: fn,
    status: "todo",
    todoDate: ctx.now,
    doingAt: ctx.now + seconds / 2,
    doneAt: ctx.now + seconds,
    finishDate: null,
    subscriptionId: sub.id,
    quantity,
    willFail: ctx.fault?.task === "error",
  };
  tenant.tasks[task.id] = task;
  sub.taskPendingId = task.id;
  return task;
}

export const subscriptionRoutes: Route[] = [
  {
    method: "GET",
    pattern: BASE,
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const ids = Object.values(tenant.subscriptions)
        .map((s) => s.id)
        .sort((a, b) => a - b);
      return listReply(ctx, ids, (id) => subscriptionView(tenant.subscriptions[id]!));
    },
  },
  {
    method: "POST",
    pattern: BASE,
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const body = parseBody(SubscriptionCreation, ctx.rawBody);
      requirePositive(body.quantity);
      const licence = orderableLicence(body.licenseId, "licenseId");
      if (licence.licenceType === "ADDON") {
        throw errors.badRequest(
          `Invalid parameter licenseId: ${licence.id} ("${licence.name}") is an add-on; order it with orderAddon on a subscription that lists it in availableAddonLicenses`,
          { fields: ["licenseId"] },
        );
      }
      checkPurchase(tenant, licence, body.quantity);
      const sub = addSubscription(ctx.state, tenant, {
        licenseId: licence.id,
        quantity: body.quantity,
        status: "creating",
        at: ctx.now,
      });
      return { body: taskView(createTask(ctx, tenant, "addSubscription", sub, null)) };
    },
  },
  {
    method: "GET",
    pattern: `${BASE}/:id`,
    auth: "required",
    handler: (ctx, p) => ({ body: subscriptionView(subscriptionOf(tenantOf(ctx, p.serviceName), p.id)) }),
  },
  {
    method: "DELETE",
    pattern: `${BASE}/:id`,
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const sub = subscriptionOf(tenant, p.id);
      requireNoPendingTask(tenant, sub);
      checkCancellation(tenant, sub, ctx.now, ctx.env.options.termMonths);
      sub.status = "deleting";
      return { body: taskView(createTask(ctx, tenant, "deleteSubscription", sub, null)) };
    },
  },
  {
    method: "GET",
    pattern: `${BASE}/:id/addonsSubscriptionIds`,
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const sub = subscriptionOf(tenant, p.id);
      const ids = Object.values(tenant.subscriptions)
        .filter((s) => s.parentId === sub.id)
        .map((s) => s.id)
        .sort((a, b) => a - b);
      return { body: ids };
    },
  },
  {
    method: "GET",
    pattern: `${BASE}/:id/availableAddonLicenses`,
    auth: "required",
    handler: (ctx, p) => {
      const sub = subscriptionOf(tenantOf(ctx, p.serviceName), p.id);
      return { body: addonsFor(sub.licenseId).map((l) => l.id) };
    },
  },
  {
    method: "POST",
    pattern: `${BASE}/:id/changeQuantity`,
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const sub = subscriptionOf(tenant, p.id);
      const { quantity } = parseBody(SubscriptionChangeQuantityCreation, ctx.rawBody);
      requirePositive(quantity);
      requireNoPendingTask(tenant, sub);
      const licence = orderableLicence(sub.licenseId, "licenseId");
      checkQuantityChange(tenant, sub, licence, quantity, ctx.now, ctx.env.options.termMonths);
      return { body: taskView(createTask(ctx, tenant, "changeQuantity", sub, quantity)) };
    },
  },
  {
    method: "POST",
    pattern: `${BASE}/:id/orderAddon`,
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const parent = subscriptionOf(tenant, p.id);
      const body = parseBody(SubscriptionOrderAddonCreation, ctx.rawBody);
      requirePositive(body.quantity);
      const licence = addonsFor(parent.licenseId).find((l) => l.id === body.licenseId);
      if (!licence) {
        throw errors.badRequest(
          `Invalid parameter licenseId: ${body.licenseId} is not in availableAddonLicenses of subscription ${parent.id}`,
          { fields: ["licenseId"] },
        );
      }
      if (parent.status !== "active") {
        throw errors.conflict(
          `Subscription ${parent.id} is ${parent.status}: add-ons need an active subscription`,
        );
      }
      checkPurchase(tenant, licence, body.quantity);
      const addon = addSubscription(ctx.state, tenant, {
        licenseId: licence.id,
        quantity: body.quantity,
        status: "creating",
        at: ctx.now,
        parentId: parent.id,
      });
      return { body: taskView(createTask(ctx, tenant, "orderAddon", addon, null)) };
    },
  },
];
