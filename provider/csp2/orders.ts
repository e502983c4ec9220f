// The order calls of the CSP2 API: carts and their tenant item, checkout, payment, the order history
// and the wait for a delivery. The core orders a tenant step by step with these (resources/tenant/order.ts).
import { z } from "zod";
import { mapLimit, NoContent } from "../ovh/client.js";
import { OvhApiError, OvhOperationError, OvhWaitTimeoutError } from "../ovh/errors.js";
import {
  Cart,
  CartItem,
  ConfigurationItem,
  MeOrder,
  OptionDefinition,
  Order,
  OrderDetail,
  OrderDetailExtension,
  OrderStatus,
  ProductDefinition,
  RequiredConfiguration,
} from "../ovh/models/index.js";
import {
  type CallContext,
  cartPath,
  Ids,
  itemPath,
  orderPath,
  positiveInt,
  StringIds,
  seconds,
  seg,
} from "./common.js";
import { choosePlan, normalizeLabel, planConfiguration } from "./labels.js";
import { planLines } from "./order-lines.js";
import type { CheckedOutOrder, Csp2Api, OrderLine, OrderPayment, WaitOptions } from "./types.js";
import { pollUntil } from "./wait.js";

const TERMINAL_ORDER_FAILURES: ReadonlySet<string> = new Set([
  "cancelled",
  "cancelling",
  "notPaid",
  "documentsRequested",
  "unknown",
]);

export type OrderCalls = Pick<
  Csp2Api,
  | "createCart"
  | "findCarts"
  | "listCartIds"
  | "getCart"
  | "updateCart"
  | "deleteCart"
  | "getCartItem"
  | "updateCartItem"
  | "deleteCartItem"
  | "assignCart"
  | "offeredPlans"
  | "addTenantItem"
  | "offeredOptions"
  | "addOption"
  | "requiredConfiguration"
  | "tenantItemConfiguration"
  | "configureTenantItem"
  | "checkout"
  | "payWithDefaultMethod"
  | "choosePayment"
  | "payOrder"
  | "orderStatus"
  | "waitForOrderDelivered"
  | "listOrders"
  | "getOrder"
  | "orderDetails"
  | "orderSummary"
  | "serviceNameFromOrder"
>;

export function orderCalls(ctx: CallContext): OrderCalls {
  const { client, api, clock, orderPoll, orderTimeoutMs } = ctx;

  async function defaultPaymentMethod(): Promise<OrderPayment | undefined> {
    const ids = await client.get("/me/payment/method", { query: { default: true }, schema: Ids });
    return ids[0] === undefined ? undefined : { method: "defaultPaymentMethod", paymentMethodId: ids[0] };
  }

  return {
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
  };
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
