// `/me` and the payment methods the order flow pays with.

import type { PaymentMethod } from "../../provider/ovh/models/index.js";
import type { Account } from "../core/state.js";
import { isoDateTime } from "../core/time.js";
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

/** `me.payment.PaymentMethod`: an emulated card, registered when the account was created. */
function paymentMethodView(owner: Account, id: number, isDefault: boolean): PaymentMethod {
  return {
    billingContactId: null,
    creationDate: isoDateTime(owner.createdAt),
    default: isDefault,
    description: "Emulated card",
    expirationDate: "2099-12-31T23:59:59+00:00",
    formSessionId: null,
    icon: { data: null, name: "visa", url: null },
    integration: null,
    label: "xxxx-xxxx-xxxx-4242",
    lastUpdate: isoDateTime(owner.createdAt),
    merchantId: null,
    oneclick: null,
    paymentMeanId: null,
    paymentMethodId: id,
    paymentSubType: "VISA",
    paymentType: "CREDIT_CARD",
    status: "VALID",
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
      const owner = account(ctx);
      const ids = owner.paymentMethods;
      const id = pathId(params.id);
      if (id === null || !ids.includes(id)) throw errors.objectNotFound("paymentMethodId", params.id ?? "");
      return { body: paymentMethodView(owner, id, ids[0] === id) };
    },
  },
];
