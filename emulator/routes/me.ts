// `/me` and the payment methods the order flow pays with.

import type { PaymentMethod } from "../../provider/ovh/models/index.js";
import { pathId } from "../http/body.js";
import { type Ctx, callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";
import { meView } from "../views.js";

function account(ctx: Ctx) {
  const nic = callerOf(ctx).nic;
  const found = ctx.state.accounts[nic];
  if (!found) throw errors.notLoggedIn();
  return found;
}

function paymentMethodView(id: number, isDefault: boolean): PaymentMethod & Record<string, unknown> {
  return {
    paymentMethodId: id,
    paymentType: "CREDIT_CARD",
    paymentSubType: "VISA",
    default: isDefault,
    status: "VALID",
    description: "Emulated card",
    label: "xxxx-xxxx-xxxx-4242",
    expirationDate: "2099-12-31",
  };
}

export const meRoutes: Route[] = [
  { method: "GET", pattern: "/me", auth: "required", handler: (ctx) => ({ body: meView(account(ctx)) }) },
  {
    method: "GET",
    pattern: "/me/payment/method",
    auth: "required",
    handler: (ctx) => {
      const ids = account(ctx).paymentMethods;
      const wanted = ctx.query.get("default");
      if (wanted === "true") return { body: ids.slice(0, 1) };
      if (wanted === "false") return { body: ids.slice(1) };
      return { body: ids };
    },
  },
  {
    method: "GET",
    pattern: "/me/payment/method/:id",
    auth: "required",
    handler: (ctx, params) => {
      const ids = account(ctx).paymentMethods;
      const id = pathId(params.id);
      if (id === null || !ids.includes(id)) throw errors.objectNotFound("paymentMethodId", params.id ?? "");
      return { body: paymentMethodView(id, ids[0] === id) };
    },
  },
];
