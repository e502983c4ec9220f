// `/me/order/*`: following an order from payment to delivery (wire-contract.md §6). Status moves on
// the virtual clock in core/settle.ts; the detail's `domain` names the new tenant once delivered.
import {
  type FOLLOW_UP_HISTORY_LABELS as HISTORY_LABELS,
  type MeOrder,
  type OrderDetail,
  type OrderDetailExtension,
  type OrderFollowUpStep,
  PayBody,
  PayWithRegisteredPaymentMeanBody,
} from "../../provider/ovh/models/index.js";
import type { Order, OrderDetail as OrderLine } from "../core/state.js";
import { isoDateTime } from "../core/time.js";
import { parseBody, pathId } from "../http/body.js";
import { type Ctx, callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";
import { lineDescription } from "./cart-shared.js";
import { price } from "./price.js";

/** Seats (or tenants) on a line: states written before licence options held one tenant per line. */
const quantityOf = (line: OrderLine) => line.quantity ?? 1;
const lineTotal = (line: OrderLine) => (line.unitPrice ?? 0) * quantityOf(line);
/** The order's total without tax (the emulator charges no tax). */
export const orderTotal = (order: Order) => order.details.reduce((sum, line) => sum + lineTotal(line), 0);

export function markPaid(order: Order, at: number): void {
  order.status = "checking";
  order.paidAt = at;
  order.history.push({ status: "checking", at });
}

function orderOf(ctx: Ctx, id: string | undefined): Order {
  const order = ctx.state.orders[pathId(id) ?? -1];
  if (!order || order.nic !== callerOf(ctx).nic) throw errors.objectNotFound("orderId", id ?? "");
  return order;
}

function detailOf(order: Order, id: string | undefined) {
  const detail = order.details.find((d) => d.orderDetailId === pathId(id));
  if (!detail) throw errors.objectNotFound("orderDetailId", id ?? "");
  return detail;
}

function requireNotPaid(order: Order): void {
  if (order.status !== "notPaid")
    throw errors.conflict(`Order ${order.orderId} is already paid (${order.status})`);
}

function dateFilter(ctx: Ctx, name: string): number | null {
  const raw = ctx.query.get(name);
  if (raw === null) return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms))
    throw errors.badRequest(`Invalid parameter ${name} "${raw}": expected a date`, { fields: [name] });
  return ms;
}

/**
 * followUp: the four steps OVHcloud reports, derived from the order's history. Each history entry's
 * label is a `billing.order.followUp.HistoryStatusEnum` value; the description says it in words.
 */
function followUp(order: Order): OrderFollowUpStep[] {
  const at = (status: string) => order.history.find((h) => h.status === status)?.at;
  type Label = (typeof HISTORY_LABELS)[number];
  const entry = (label: Label, date: number | undefined, description: string) =>
    date === undefined ? [] : [{ date: isoDateTime(date), label, description }];
  const s = order.status;
  return [
    {
      step: "VALIDATING",
      status: s === "cancelled" ? "ERROR" : s === "notPaid" || s === "checking" ? "DOING" : "DONE",
      history: [
        ...entry("ORDER_STARTED", at("notPaid"), "Order placed, waiting for payment"),
        ...entry("PAYMENT_RECEIVED", order.paidAt ?? undefined, "Payment received"),
      ],
    },
    {
      step: "VALIDATED",
      status: s === "delivering" || s === "delivered" ? "DONE" : "TODO",
      history: entry("ORDER_ACCEPTED", at("delivering"), "Order validated"),
    },
    {
      step: "DELIVERING",
      status: s === "delivering" ? "DOING" : s === "delivered" ? "DONE" : "TODO",
      history: entry("DELIVERY", at("delivering"), "Creating the Microsoft tenant"),
    },
    {
      step: "AVAILABLE",
      status: s === "delivered" ? "DONE" : "TODO",
      history: entry("DELIVERY", at("delivered"), "Tenant available"),
    },
  ];
}

export const orderRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/me/order",
    auth: "required",
    handler: (ctx) => {
      const nic = callerOf(ctx).nic;
      const from = dateFilter(ctx, "date.from");
      const to = dateFilter(ctx, "date.to");
      const ids = Object.values(ctx.state.orders)
        .filter((o) => o.nic === nic && (from === null || o.date >= from) && (to === null || o.date <= to))
        .map((o) => o.orderId)
        .sort((a, b) => a - b);
      return { body: ids };
    },
  },
  {
    method: "GET",
    pattern: "/me/order/:orderId",
    auth: "required",
    handler: (ctx, p) => {
      const order = orderOf(ctx, p.orderId);
      const zero = price(0);
      const body: MeOrder = {
        date: isoDateTime(order.date),
        expirationDate: isoDateTime(order.date + 14 * 24 * 3_600_000),
        metadatas: null,
        orderId: order.orderId,
        password: order.password,
        pdfUrl: `${ctx.env.origin()}/order/${order.orderId}.pdf?p=${order.password}`,
        priceWithTax: price(orderTotal(order)),
        priceWithoutTax: price(orderTotal(order)),
        retractionDate: null,
        tax: zero,
        url: `${ctx.env.origin()}/order/${order.orderId}?p=${order.password}`,
      };
      return { body };
    },
  },
  {
    method: "GET",
    pattern: "/me/order/:orderId/status",
    auth: "required",
    handler: (ctx, p) => ({ body: orderOf(ctx, p.orderId).status }),
  },
  {
    method: "GET",
    pattern: "/me/order/:orderId/details",
    auth: "required",
    handler: (ctx, p) => ({ body: orderOf(ctx, p.orderId).details.map((d) => d.orderDetailId) }),
  },
  {
    method: "GET",
    pattern: "/me/order/:orderId/details/:detailId",
    auth: "required",
    handler: (ctx, p) => {
      const order = orderOf(ctx, p.orderId);
      const detail = detailOf(order, p.detailId);
      const body: OrderDetail = {
        cancelled: order.status === "cancelled",
        description: lineDescription(detail.planCode, detail.duration),
        detailType: detail.parentItemId ? "LICENSE" : "DURATION",
        domain: detail.domain,
        orderDetailId: detail.orderDetailId,
        quantity: String(quantityOf(detail)),
        totalPrice: price(lineTotal(detail)),
        unitPrice: price(detail.unitPrice ?? 0),
      };
      return { body };
    },
  },
  {
    method: "GET",
    pattern: "/me/order/:orderId/details/:detailId/extension",
    auth: "required",
    handler: (ctx, p) => {
      const detail = detailOf(orderOf(ctx, p.orderId), p.detailId);
      const body: OrderDetailExtension = {
        order: {
          // billing.ItemDetail.OrderActionEnum has no value for a first order (consumption, detach,
          // installation, renew, revert, upgrade): what OVHcloud sends for one is not public, so null.
          action: null,
          configurations: detail.configurations,
          plan: {
            code: detail.planCode,
            duration: detail.duration,
            pricingMode: detail.pricingMode,
            product: { name: "csp2" },
            quantity: quantityOf(detail),
          },
          type: "plan",
        },
      };
      return { body };
    },
  },
  {
    method: "GET",
    pattern: "/me/order/:orderId/followUp",
    auth: "required",
    handler: (ctx, p) => ({ body: followUp(orderOf(ctx, p.orderId)) }),
  },
  {
    method: "POST",
    pattern: "/me/order/:orderId/pay",
    auth: "required",
    handler: (ctx, p) => {
      const order = orderOf(ctx, p.orderId);
      const { paymentMethod } = parseBody(PayBody, ctx.rawBody);
      requireNotPaid(order);
      if (
        paymentMethod.id === undefined ||
        !ctx.state.accounts[order.nic]?.paymentMethods.includes(paymentMethod.id)
      ) {
        throw errors.badRequest(`Invalid parameter paymentMethod.id: no payment method ${paymentMethod.id}`, {
          fields: ["paymentMethod.id"],
        });
      }
      markPaid(order, ctx.now);
      return {};
    },
  },
  {
    method: "POST",
    pattern: "/me/order/:orderId/payWithRegisteredPaymentMean",
    auth: "required",
    // The fidelity account has no balance here: it covers free orders only (a tenant without licence
    // options; terraform-provider-ovh's zero-price path). Other means need a registered payment method.
    handler: (ctx, p) => {
      const order = orderOf(ctx, p.orderId);
      const body = parseBody(PayWithRegisteredPaymentMeanBody, ctx.rawBody);
      requireNotPaid(order);
      const hasMethod = (ctx.state.accounts[order.nic]?.paymentMethods.length ?? 0) > 0;
      if (body.paymentMean === "fidelityAccount") {
        const total = orderTotal(order);
        if (total > 0) {
          throw errors.badRequest(
            `Invalid parameter paymentMean: the fidelity account's balance (${price(0).text}) does not cover order ${order.orderId} (${price(total).text})`,
            { fields: ["paymentMean"] },
          );
        }
      } else if (!hasMethod) {
        throw errors.badRequest(`Invalid parameter paymentMean: no registered ${body.paymentMean}`, {
          fields: ["paymentMean"],
        });
      }
      markPaid(order, ctx.now);
      return {};
    },
  },
];
