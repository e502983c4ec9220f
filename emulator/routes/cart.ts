// The cart order flow for new tenants (wire-contract.md "Ordering a tenant"): create and assign a
// cart, add the CSP2 plan and its licence options (items and configuration: cart-items.ts; checkout
// and summary: checkout.ts). Carts are OVHcloud noAuth routes: anyone holding an unassigned cart's id
// may fill it; once assigned it is its account's alone.
import { z } from "zod";
import {
  CartCreation,
  CartUpdate,
  OptionCreation,
  ProductCreation,
} from "../../provider/ovh/models/index.js";
import { TENANT_PLAN } from "../catalogue.js";
import { cartId as newCartId } from "../core/ids.js";
import { type Cart, type CartItem, nextId } from "../core/state.js";
import { DAY_MS } from "../core/time.js";
import { parseBody } from "../http/body.js";
import { callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";
import {
  CART,
  cartOf,
  cartView,
  checkItem,
  checkOptionQuantity,
  isOption,
  itemOf,
  itemView,
  optionDefinitions,
  orderableOption,
  productDefinition,
  writableCartOf,
} from "./cart-shared.js";

// The published body: `ovhSubsidiary` is one of nichandle.OvhSubsidiaryEnum, the subsidiaries of
// OVHcloud's EU API (the only one that sells CSP2).
const CartCreationBody = CartCreation.extend({ description: z.string().max(255).optional() });
const CartUpdateBody = CartUpdate.extend({ description: z.string().max(255).optional() });

export const cartRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/order/cart",
    auth: "optional",
    handler: (ctx) => {
      const body = parseBody(CartCreationBody, ctx.rawBody);
      const cart: Cart = {
        cartId: newCartId(),
        nic: null,
        ovhSubsidiary: body.ovhSubsidiary,
        // Cart.description is a string that cannot be null: "" when none was given.
        description: body.description ?? "",
        expire: body.expire ? Date.parse(body.expire) : ctx.now + DAY_MS,
        readOnly: false,
        items: [],
        orderId: null,
      };
      ctx.state.carts[cart.cartId] = cart;
      return { body: cartView(cart) };
    },
  },
  {
    method: "GET",
    pattern: "/order/cart",
    auth: "required",
    handler: (ctx) => {
      const nic = callerOf(ctx).nic;
      const description = ctx.query.get("description");
      const ids = Object.values(ctx.state.carts)
        .filter((c) => c.nic === nic && (description === null || c.description === description))
        .map((c) => c.cartId);
      return { body: ids };
    },
  },
  {
    method: "GET",
    pattern: CART,
    auth: "optional",
    handler: (ctx, p) => ({ body: cartView(cartOf(ctx, p.cartId)) }),
  },
  {
    method: "PUT",
    pattern: CART,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const body = parseBody(CartUpdateBody, ctx.rawBody);
      if (body.description !== undefined) cart.description = body.description;
      if (body.expire !== undefined) cart.expire = Date.parse(body.expire);
      return { body: cartView(cart) };
    },
  },
  {
    method: "DELETE",
    pattern: CART,
    auth: "optional",
    handler: (ctx, p) => {
      delete ctx.state.carts[cartOf(ctx, p.cartId).cartId];
      return {};
    },
  },
  {
    method: "POST",
    pattern: `${CART}/assign`,
    auth: "required",
    handler: (ctx, p) => {
      const nic = callerOf(ctx).nic;
      const cart = cartOf(ctx, p.cartId);
      const account = ctx.state.accounts[nic];
      if (account && account.ovhSubsidiary !== cart.ovhSubsidiary) {
        throw errors.badRequest(
          `Cart ${cart.cartId} was created for subsidiary ${cart.ovhSubsidiary}, account ${nic} belongs to ${account.ovhSubsidiary}`,
          { fields: ["ovhSubsidiary"] },
        );
      }
      cart.nic = nic;
      return {};
    },
  },
  {
    method: "GET",
    pattern: `${CART}/csp2`,
    auth: "optional",
    handler: (ctx, p) => {
      cartOf(ctx, p.cartId);
      return { body: [productDefinition()] };
    },
  },
  {
    method: "POST",
    pattern: `${CART}/csp2`,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const body = parseBody(ProductCreation, ctx.rawBody);
      checkItem(body);
      const item: CartItem = {
        itemId: nextId(ctx.state, "cartItem"),
        ...body,
        configurations: [],
        parentItemId: null,
      };
      cart.items.push(item);
      return { body: itemView(cart, item) };
    },
  },
  {
    method: "GET",
    pattern: `${CART}/csp2/options`,
    auth: "optional",
    handler: (ctx, p) => {
      cartOf(ctx, p.cartId);
      const planCode = ctx.query.get("planCode");
      if (planCode !== TENANT_PLAN.planCode) {
        throw errors.badRequest(
          `Invalid parameter planCode "${planCode ?? ""}": the CSP2 plan with options is ${TENANT_PLAN.planCode}`,
          { fields: ["planCode"] },
        );
      }
      return { body: optionDefinitions(ctx.state) };
    },
  },
  {
    method: "POST",
    pattern: `${CART}/csp2/options`,
    auth: "optional",
    // A licence option is a cart item of its own, attached to the tenant item `itemId`; at delivery it
    // becomes one subscription of `quantity` seats in the new tenant.
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const body = parseBody(OptionCreation, ctx.rawBody);
      const parent = itemOf(cart, String(body.itemId));
      if (isOption(parent)) {
        throw errors.badRequest(
          `Invalid parameter itemId "${body.itemId}": item ${body.itemId} is itself an option; licence options attach to a ${TENANT_PLAN.planCode} item`,
          { fields: ["itemId"] },
        );
      }
      checkItem({ duration: body.duration, pricingMode: body.pricingMode });
      const licence = orderableOption(body.planCode);
      checkOptionQuantity(licence, body.quantity);
      const item: CartItem = {
        itemId: nextId(ctx.state, "cartItem"),
        planCode: body.planCode,
        duration: body.duration,
        pricingMode: body.pricingMode,
        quantity: body.quantity,
        configurations: [],
        parentItemId: parent.itemId,
      };
      cart.items.push(item);
      return { body: itemView(cart, item) };
    },
  },
];
