// createCsp2Api: the CSP2 operations over an OvhClient. No HTTP here: every call goes through the
// client (signing, limits, retries, errors); every answer is checked against its zod model.
import { setTimeout as delay } from "node:timers/promises";
import { z } from "zod";
import { mapLimit, NoContent, type OvhClient } from "../ovh/client.js";
import {
  OvhApiError,
  OvhError,
  OvhInputError,
  OvhOperationError,
  OvhOrderError,
  OvhTaskError,
  OvhWaitTimeoutError,
} from "../ovh/errors.js";
import {
  BillingStatistics,
  Cart,
  CartItem,
  ConfigurationItem,
  CurrentCredential,
  LicencePrice,
  LicensePeriod,
  Me,
  MeOrder,
  OfficeLicence,
  OfficeSubscription,
  OfficeTask,
  OfficeTenant,
  OfficeTenantUpdate,
  OptionDefinition,
  Order,
  OrderDetail,
  OrderDetailExtension,
  OrderStatus,
  ProductDefinition,
  RequiredConfiguration,
  ServiceInfos,
  Statistics,
} from "../ovh/models/index.js";
import { choosePlan, normalizeLabel, planConfiguration } from "./labels.js";
import { planLines } from "./order-lines.js";
import type {
  CheckedOutOrder,
  Csp2Api,
  OrderLine,
  OrderPayment,
  OrderStep,
  TenantOrderResult,
  WaitOptions,
} from "./types.js";
import { type PollClock, type PollSettings, pollUntil } from "./wait.js";

export interface Csp2ApiOptions {
  /** Pauses between task reads. Default 2 s growing ×1.5 to 15 s: tasks take seconds to minutes. */
  taskPoll?: PollSettings | undefined;
  /** Pauses between order-status reads. Default 5 s growing ×1.5 to 30 s: deliveries take minutes. */
  orderPoll?: PollSettings | undefined;
  /** Default wait for a task: 30 min. */
  taskTimeoutMs?: number | undefined;
  /** Default wait for an order delivery: 60 min (OVHcloud's own terraform provider waits 30 to 120). */
  orderTimeoutMs?: number | undefined;
  /** Injected clock and sleep (tests). */
  now?: (() => number) | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

const Ids = z.array(z.number().int());
const StringIds = z.array(z.string());

/** A path segment from caller data; refuses empty values, which would address another route. */
function seg(name: string, value: string | number): string {
  const text = String(value);
  if (text.trim() === "" || (typeof value === "number" && !Number.isSafeInteger(value))) {
    throw new OvhInputError(
      `${name} must be a non-empty ${typeof value === "number" ? "integer" : "string"}.`,
    );
  }
  return encodeURIComponent(text);
}

function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new OvhInputError(`${name} must be an integer of at least ${min}; got ${String(value)}.`);
  }
  return value;
}

const WRITABLE = Object.keys(OfficeTenantUpdate.shape) as Array<keyof OfficeTenantUpdate>;
const TERMINAL_ORDER_FAILURES: ReadonlySet<string> = new Set([
  "cancelled",
  "cancelling",
  "notPaid",
  "documentsRequested",
  "unknown",
]);

export function createCsp2Api(client: OvhClient, options: Csp2ApiOptions = {}): Csp2Api {
  const clock: PollClock = {
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
  };
  const taskPoll = options.taskPoll ?? { initialMs: 2_000, maxMs: 15_000, factor: 1.5 };
  const orderPoll = options.orderPoll ?? { initialMs: 5_000, maxMs: 30_000, factor: 1.5 };
  const taskTimeoutMs = options.taskTimeoutMs ?? 30 * 60_000;
  const orderTimeoutMs = options.orderTimeoutMs ?? 60 * 60_000;

  const tenantPath = (s: string) => `/saas/csp2/${seg("serviceName", s)}`;
  const subPath = (s: string, id: number) => `${tenantPath(s)}/subscription/${seg("subscriptionId", id)}`;
  const cartPath = (c: string) => `/order/cart/${seg("cartId", c)}`;
  const itemPath = (c: string, i: number) => `${cartPath(c)}/item/${seg("itemId", i)}`;
  const orderPath = (o: number) => `/me/order/${seg("orderId", o)}`;

  async function defaultPaymentMethod(): Promise<OrderPayment | undefined> {
    const ids = await client.get("/me/payment/method", { query: { default: true }, schema: Ids });
    return ids[0] === undefined ? undefined : { method: "defaultPaymentMethod", paymentMethodId: ids[0] };
  }

  const api: Csp2Api = {
    async whoAmI() {
      const me = await client.get("/me", { schema: Me });
      return { nic: me.nichandle, subsidiary: me.ovhSubsidiary };
    },
    currentCredential: async () => client.get("/auth/currentCredential", { schema: CurrentCredential }),

    listTenantNames: async () => client.get("/saas/csp2", { schema: StringIds }),
    listTenants: async () => client.list("/saas/csp2", OfficeTenant),
    getTenant: async (s) => client.get(tenantPath(s), { schema: OfficeTenant }),

    async updateTenant(s, changes) {
      const checked = OfficeTenantUpdate.partial().strict().safeParse(changes);
      if (!checked.success) {
        const fields = checked.error.issues.map((i) =>
          i.code === "unrecognized_keys" ? i.keys.join(", ") : i.path.join("."),
        );
        throw new OvhInputError(
          `updateTenant(${s}): ${fields.join(", ")} cannot be changed this way. Writable fields: ${WRITABLE.join(", ")}.`,
        );
      }
      const current = await api.getTenant(s);
      const body = Object.fromEntries(
        WRITABLE.map((k) => [k, checked.data[k] !== undefined ? checked.data[k] : current[k]]),
      ) as OfficeTenantUpdate;
      await client.put(tenantPath(s), { body, schema: NoContent });
    },

    getServiceInfos: async (s) => client.get(`${tenantPath(s)}/serviceInfos`, { schema: ServiceInfos }),

    async terminateTenantAtExpiry(s) {
      const infos = await api.getServiceInfos(s);
      if (infos.renew?.deleteAtExpiration) return infos;
      if (!infos.canDeleteAtExpiration) {
        throw new OvhOperationError(
          "terminateTenantAtExpiry",
          `OVHcloud does not allow ending tenant ${s} at expiry (canDeleteAtExpiration is false, service ` +
            `status ${infos.status}). End it from the OVHcloud control panel or ask OVHcloud support.`,
        );
      }
      const renew = { automatic: true, forced: false, ...infos.renew, deleteAtExpiration: true };
      await client.put(`${tenantPath(s)}/serviceInfos`, { body: { renew }, schema: NoContent });
      return api.getServiceInfos(s);
    },

    listOrderableLicences: async (s) => client.list(`${tenantPath(s)}/orderableLicenses`, OfficeLicence),
    getOrderableLicence: async (s, id) =>
      client.get(`${tenantPath(s)}/orderableLicenses/${seg("licenceId", id)}`, { schema: OfficeLicence }),
    listSubscriptions: async (s) => client.list(`${tenantPath(s)}/subscription`, OfficeSubscription),
    getSubscription: async (s, id) => client.get(subPath(s, id), { schema: OfficeSubscription }),

    addSubscription: async (s, input) =>
      client.post(`${tenantPath(s)}/subscription`, {
        body: {
          licenseId: positiveInt("licenseId", input.licenseId, 0),
          quantity: positiveInt("quantity", input.quantity),
        },
        schema: OfficeTask,
      }),
    changeQuantity: async (s, id, total) =>
      client.post(`${subPath(s, id)}/changeQuantity`, {
        body: { quantity: positiveInt("quantity", total) },
        schema: OfficeTask,
      }),
    cancelSubscription: async (s, id) => client.delete(subPath(s, id), { schema: OfficeTask }),
    orderAddon: async (s, id, input) =>
      client.post(`${subPath(s, id)}/orderAddon`, {
        body: {
          licenseId: positiveInt("licenseId", input.licenseId, 0),
          quantity: positiveInt("quantity", input.quantity),
        },
        schema: OfficeTask,
      }),
    availableAddonLicences: async (s, id) =>
      client.get(`${subPath(s, id)}/availableAddonLicenses`, { schema: Ids }),
    addonSubscriptionIds: async (s, id) =>
      client.get(`${subPath(s, id)}/addonsSubscriptionIds`, { schema: Ids }),

    listTasks: async (s) => client.list(`${tenantPath(s)}/task`, OfficeTask),
    getTask: async (s, id) =>
      client.get(`${tenantPath(s)}/task/${seg("taskId", id)}`, { schema: OfficeTask }),

    async waitForTask(s, id, opts: WaitOptions = {}) {
      const timeoutMs = opts.timeoutMs ?? taskTimeoutMs;
      return pollUntil({
        read: () => api.getTask(s, id),
        judge: (task, elapsedMs) => {
          opts.onProgress?.(
            `Task ${task.id} (${task.function}) of ${s}: ${task.status} after ${seconds(elapsedMs)}.`,
            {
              kind: "task",
              serviceName: s,
              taskId: task.id,
              function: task.function,
              status: task.status,
              elapsedMs,
            },
          );
          if (task.status === "done") return { done: true, result: task };
          if (task.status === "error" || task.status === "cancelled") {
            throw new OvhTaskError({
              serviceName: s,
              taskId: task.id,
              taskFunction: task.function,
              taskStatus: task.status,
            });
          }
          return { done: false, status: task.status };
        },
        timeoutMs,
        settings: taskPoll,
        clock,
        signal: opts.signal,
        onTimeout: (waitedMs, lastStatus) =>
          new OvhWaitTimeoutError(
            "waitForTask",
            `Task ${id} of tenant ${s} was still "${lastStatus}" after ${Math.round(waitedMs / 1000)} s. It goes on ` +
              "at OVHcloud: wait again (or raise the timeout), and read the subscription to see where it stands.",
            { waitedMs, lastStatus },
          ),
      });
    },

    async usageStatistics(s, period) {
      const parsed = LicensePeriod.safeParse(period);
      if (!parsed.success) {
        throw new OvhInputError(
          `usageStatistics: period must be one of ${LicensePeriod.options.join(", ")}.`,
        );
      }
      return client.get(`${tenantPath(s)}/usageStatistics`, {
        query: { timePeriod: parsed.data },
        schema: z.array(Statistics),
      });
    },
    billingPeriodPeaks: async (s) =>
      client.get(`${tenantPath(s)}/billingPeriodPeaks`, { schema: BillingStatistics }),
    licencePrice: async (name) =>
      client.get(`/price/saas/csp2/license/${seg("licenseName", name)}`, { schema: LicencePrice }),

    // ---- order flow ----------------------------------------------------------------------------
    async createCart(input) {
      const subsidiary = input.subsidiary ?? (await api.whoAmI()).subsidiary;
      return client.post("/order/cart", {
        body: {
          ovhSubsidiary: subsidiary.toUpperCase(),
          description: input.description,
          expire: input.expire,
        },
        schema: Cart,
      });
    },
    async findCarts(input) {
      const ids = await client.get("/order/cart", {
        query: { description: input.description },
        schema: StringIds,
      });
      const carts = await mapLimit(ids, 4, (id) => api.getCart(id));
      // The filter is the server's; keep only exact matches in case it is looser.
      return carts.filter((c) => c.description === input.description);
    },
    listCartIds: async () => client.get("/order/cart", { schema: StringIds }),
    getCart: async (c) => client.get(cartPath(c), { schema: Cart }),
    updateCart: async (c, update) =>
      client.put(cartPath(c), { body: { description: update.description }, schema: Cart }),
    async deleteCart(c) {
      await client.delete(cartPath(c), { schema: NoContent });
    },
    getCartItem: async (c, i) => client.get(itemPath(c, i), { schema: CartItem }),
    updateCartItem: async (c, i, update) =>
      client.put(itemPath(c, i), {
        body: { quantity: positiveInt("quantity", update.quantity) },
        schema: CartItem,
      }),
    async deleteCartItem(c, i) {
      await client.delete(itemPath(c, i), { schema: NoContent });
    },
    async assignCart(c) {
      await client.post(`${cartPath(c)}/assign`, { schema: NoContent });
    },
    offeredPlans: async (c) => client.get(`${cartPath(c)}/csp2`, { schema: z.array(ProductDefinition) }),
    async addTenantItem(c, given) {
      const plan = "prices" in given ? choosePlan([given]) : given;
      return client.post(`${cartPath(c)}/csp2`, {
        body: {
          planCode: plan.planCode,
          duration: plan.duration,
          pricingMode: plan.pricingMode,
          quantity: 1,
        },
        schema: CartItem,
      });
    },
    offeredOptions: async (c, planCode) =>
      client.get(`${cartPath(c)}/csp2/options`, {
        query: { planCode },
        schema: z.array(OptionDefinition),
      }),
    addOption: async (c, option) =>
      client.post(`${cartPath(c)}/csp2/options`, {
        body: {
          itemId: option.itemId,
          planCode: option.planCode,
          duration: option.duration,
          pricingMode: option.pricingMode,
          quantity: positiveInt("quantity", option.quantity),
        },
        schema: CartItem,
      }),
    requiredConfiguration: async (c, i) =>
      client.get(`${itemPath(c, i)}/requiredConfiguration`, { schema: z.array(RequiredConfiguration) }),

    async tenantItemConfiguration(c, i) {
      const item = await api.getCartItem(c, i);
      return mapLimit(item.configurations ?? [], 4, (id) =>
        client.get(`${itemPath(c, i)}/configuration/${seg("configurationId", id)}`, {
          schema: ConfigurationItem,
        }),
      );
    },

    async configureTenantItem(c, i, config) {
      const labels = await api.requiredConfiguration(c, i);
      const plan = planConfiguration(labels, config);
      // After a crash some labels may already be set: read them, keep equal ones, replace others.
      const existing = await api.tenantItemConfiguration(c, i);
      const result: Array<{ id: number; label: string; value: string }> = [];
      for (const { label, value } of plan.send) {
        const same = existing.filter((e) => normalizeLabel(e.label) === normalizeLabel(label));
        const kept = same.find((e) => e.value === value);
        for (const stale of same) {
          if (stale !== kept) {
            await client.delete(`${itemPath(c, i)}/configuration/${seg("configurationId", stale.id)}`, {
              schema: NoContent,
            });
          }
        }
        if (kept) {
          result.push(kept);
          continue;
        }
        result.push(
          await client.post(`${itemPath(c, i)}/configuration`, {
            body: { label, value },
            schema: ConfigurationItem,
          }),
        );
      }
      return result;
    },

    async checkout(c) {
      const order = await client.post(`${cartPath(c)}/checkout`, {
        body: { autoPayWithPreferredPaymentMethod: false },
        schema: Order,
      });
      if (typeof order.orderId !== "number") {
        throw new OvhOperationError(
          "checkout",
          `Checkout of cart ${c} answered without an order id; look in /me/order (the OVHcloud control ` +
            "panel's orders) before ordering again.",
        );
      }
      return order as CheckedOutOrder;
    },

    async payWithDefaultMethod(orderId) {
      const ids = await client.get("/me/payment/method", { query: { default: true }, schema: Ids });
      const paymentMethodId = ids[0];
      if (paymentMethodId === undefined) {
        throw new OvhOperationError(
          "payWithDefaultMethod",
          `Order ${orderId} cannot be paid: the account has no default payment method. Add one in the ` +
            "OVHcloud control panel (Billing > Payment methods), or pay the order there.",
        );
      }
      await client.post(`${orderPath(orderId)}/pay`, {
        body: { paymentMethod: { id: paymentMethodId } },
        schema: NoContent,
      });
      return { paymentMethodId };
    },

    async choosePayment(cartId) {
      const method = await defaultPaymentMethod();
      if (method !== undefined) return method;
      const total = (await client.get(`${cartPath(cartId)}/summary`, { schema: Order })).prices.withoutTax;
      return freeOrRefuse(`Cart ${cartId}`, total, "Nothing was ordered.");
    },

    async payOrder(orderId, payment) {
      let how = payment ?? (await defaultPaymentMethod());
      if (how === undefined) {
        const total = (await api.getOrder(orderId)).priceWithoutTax;
        how = freeOrRefuse(`Order ${orderId}`, total, "");
      }
      if (how.method === "defaultPaymentMethod") {
        await client.post(`${orderPath(orderId)}/pay`, {
          body: { paymentMethod: { id: how.paymentMethodId } },
          schema: NoContent,
        });
      } else {
        await client.post(`${orderPath(orderId)}/payWithRegisteredPaymentMean`, {
          body: { paymentMean: "fidelityAccount" },
          schema: NoContent,
        });
      }
      return how;
    },

    orderStatus: async (o) => client.get(`${orderPath(o)}/status`, { schema: OrderStatus }),

    async waitForOrderDelivered(orderId, opts: WaitOptions = {}) {
      return pollUntil({
        read: () => api.orderStatus(orderId),
        judge: (status, elapsedMs) => {
          opts.onProgress?.(`Order ${orderId}: ${status} after ${seconds(elapsedMs)}.`, {
            kind: "order",
            orderId,
            status,
            elapsedMs,
          });
          if (status === "delivered") return { done: true, result: undefined };
          if (TERMINAL_ORDER_FAILURES.has(status)) {
            throw new OvhOperationError("waitForOrderDelivered", orderFailure(orderId, status));
          }
          return { done: false, status };
        },
        timeoutMs: opts.timeoutMs ?? orderTimeoutMs,
        settings: orderPoll,
        clock,
        signal: opts.signal,
        onTimeout: (waitedMs, lastStatus) =>
          new OvhWaitTimeoutError(
            "waitForOrderDelivered",
            `Order ${orderId} was still "${lastStatus}" after ${Math.round(waitedMs / 1000)} s. OVHcloud goes on ` +
              "delivering it: wait again (or raise the timeout); do not order again.",
            { waitedMs, lastStatus },
          ),
      });
    },

    listOrders: async (range) =>
      client.get("/me/order", {
        query: { "date.from": isoDate(range.from), "date.to": isoDate(range.to) },
        schema: Ids,
      }),
    getOrder: async (o) => client.get(orderPath(o), { schema: MeOrder }),

    async orderDetails(orderId) {
      const ids = await client.get(`${orderPath(orderId)}/details`, { schema: Ids });
      return mapLimit(ids, 4, async (id): Promise<OrderLine> => {
        const base = `${orderPath(orderId)}/details/${seg("orderDetailId", id)}`;
        const detail = await client.get(base, { schema: OrderDetail });
        let extension: OrderDetailExtension | null = null;
        try {
          extension = await client.get(`${base}/extension`, { schema: OrderDetailExtension });
        } catch (error) {
          if (!(error instanceof OvhApiError && error.status === 404)) throw error;
        }
        return { detail, extension };
      });
    },

    async orderSummary(orderId) {
      const [order, lines] = await Promise.all([api.getOrder(orderId), api.orderDetails(orderId)]);
      return {
        orderId,
        date: order.date,
        details: planLines(lines).map((l) => ({
          orderDetailId: l.detail.orderDetailId,
          domain: l.detail.domain,
          planCode: l.extension?.order.plan.code ?? undefined,
          configurations: l.extension?.order.configurations ?? [],
        })),
      };
    },

    async serviceNameFromOrder(orderId, opts = {}) {
      const lines = await api.orderDetails(orderId);
      const candidates = planLines(lines, opts.planCode);
      if (candidates.length === 0) {
        throw new OvhOperationError(
          "serviceNameFromOrder",
          `Order ${orderId} has no ${opts.planCode ? `line for plan "${opts.planCode}"` : "plan line"}: it is not a CSP2 tenant order.`,
        );
      }
      const names = [...new Set(candidates.map((l) => l.detail.domain).filter((d) => d !== "*" && d !== ""))];
      if (names.length === 0) {
        throw new OvhOperationError(
          "serviceNameFromOrder",
          `Order ${orderId} names no service yet (not delivered): wait for delivery (waitForOrderDelivered) first.`,
        );
      }
      if (names.length > 1) {
        throw new OvhOperationError(
          "serviceNameFromOrder",
          `Order ${orderId} delivered several services (${names.join(", ")}); name the plan code to choose one.`,
        );
      }
      return names[0]!;
    },

    async orderTenant(input, opts = {}) {
      const progress = (step: OrderStep, cartId?: string, orderId?: number) =>
        opts.onProgress?.(
          `Ordering tenant "${input.displayName}": ${step}${orderId ? ` (order ${orderId})` : cartId ? ` (cart ${cartId})` : ""}.`,
          { kind: "step", step, cartId, orderId },
        );
      let step: OrderStep = "whoAmI";
      let cartId: string | undefined;
      let orderId: number | undefined;
      const started = clock.now();
      try {
        progress(step);
        const subsidiary = input.subsidiary ?? (await api.whoAmI()).subsidiary;
        step = "createCart";
        progress(step);
        cartId = (await api.createCart({ description: input.description, subsidiary })).cartId;
        step = "assignCart";
        progress(step, cartId);
        await api.assignCart(cartId);
        step = "offeredPlans";
        progress(step, cartId);
        const plan = choosePlan(await api.offeredPlans(cartId), input.planCode);
        step = "addTenantItem";
        progress(step, cartId);
        const item = await api.addTenantItem(cartId, plan);
        step = "configureTenantItem";
        progress(step, cartId);
        await api.configureTenantItem(cartId, item.itemId, input);
        step = "choosePayment";
        progress(step, cartId);
        const payment = await api.choosePayment(cartId);
        step = "checkout";
        progress(step, cartId);
        orderId = (await api.checkout(cartId)).orderId;
        step = "payOrder";
        progress(step, cartId, orderId);
        await api.payOrder(orderId, payment);
        step = "waitForOrderDelivered";
        progress(step, cartId, orderId);
        const remaining = (opts.timeoutMs ?? orderTimeoutMs) - (clock.now() - started);
        await api.waitForOrderDelivered(orderId, {
          timeoutMs: Math.max(0, remaining),
          onProgress: opts.onProgress,
          signal: opts.signal,
        });
        step = "serviceNameFromOrder";
        progress(step, cartId, orderId);
        const serviceName = await api.serviceNameFromOrder(orderId, { planCode: plan.planCode });
        step = "getTenant";
        progress(step, cartId, orderId);
        const tenant = await api.getTenant(serviceName);
        return { cartId, orderId, serviceName, tenant } satisfies TenantOrderResult;
      } catch (error) {
        if (cartId === undefined || !(error instanceof OvhError)) throw error;
        const where = orderId === undefined ? `cart ${cartId}` : `order ${orderId} (cart ${cartId})`;
        const advice =
          orderId === undefined
            ? "Nothing was ordered yet: fix the cause and order again (the cart can be reused or left to expire)."
            : "The order exists: do not order again; resume from this step with the order id.";
        throw new OvhOrderError(
          { step, cartId, orderId },
          `Ordering tenant "${input.displayName}" stopped at step ${step} of ${where}: ${error.message} ${advice}`,
          error,
        );
      }
    },
  };
  return api;
}

/** Without a default payment method, only a free order is paid (from the fidelity account). */
function freeOrRefuse(what: string, total: { value: number; text: string }, tail: string): OrderPayment {
  if (total.value === 0) return { method: "fidelityAccount" };
  throw new OvhOperationError(
    "payOrder",
    `${what} (${total.text} excl. tax) cannot be paid: the account has no default payment method, and ` +
      "only a free order is paid from the fidelity account. Add a payment method in the OVHcloud control " +
      `panel (Billing > Payment methods), or pay the order there.${tail ? ` ${tail}` : ""}`,
  );
}

function seconds(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

function isoDate(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

function orderFailure(orderId: number, status: string): string {
  switch (status) {
    case "notPaid":
      return `Order ${orderId} is not paid: pay it (payOrder) or in the OVHcloud control panel, then wait again.`;
    case "documentsRequested":
      return `OVHcloud asks for documents before delivering order ${orderId}: provide them in the control panel, then wait again.`;
    case "cancelled":
    case "cancelling":
      return `Order ${orderId} was cancelled by OVHcloud (status "${status}"): nothing will be delivered; order again if still needed.`;
    default:
      return `Order ${orderId} is in status "${status}", which is not a delivery in progress: check it in the OVHcloud control panel.`;
  }
}
