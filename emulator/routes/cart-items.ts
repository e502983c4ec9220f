// Cart items of the CSP2 plan and their configuration labels. Reading back what an item holds lets a
// resumed create avoid sending a label twice (wire-contract.md §3).
import { z } from "zod";
import { CartItemUpdate, ConfigurationCreation } from "../../provider/ovh/models/index.js";
import { normalise } from "../core/labels.js";
import { nextId } from "../core/state.js";
import { parseBody, pathId } from "../http/body.js";
import type { Route } from "../http/context.js";
import { errors } from "../http/errors.js";
import {
  CART,
  cartOf,
  checkItem,
  checkOptionQuantity,
  ITEM,
  isOption,
  itemOf,
  itemView,
  LABELS,
  orderableOption,
  writableCartOf,
} from "./cart-shared.js";

const ConfigurationBody = ConfigurationCreation.extend({
  label: z.string().min(1),
  value: z.string().min(1).max(255),
});

export const cartItemRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${CART}/item`,
    auth: "optional",
    handler: (ctx, p) => ({ body: cartOf(ctx, p.cartId).items.map((i) => i.itemId) }),
  },
  {
    method: "GET",
    pattern: ITEM,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = cartOf(ctx, p.cartId);
      return { body: itemView(cart, itemOf(cart, p.itemId)) };
    },
  },
  {
    method: "PUT",
    pattern: ITEM,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const item = itemOf(cart, p.itemId);
      const body = parseBody(CartItemUpdate, ctx.rawBody);
      if (isOption(item)) {
        checkItem({ duration: body.duration });
        if (body.quantity !== undefined) checkOptionQuantity(orderableOption(item.planCode), body.quantity);
      } else {
        checkItem(body);
      }
      if (body.duration !== undefined) item.duration = body.duration;
      if (body.quantity !== undefined) item.quantity = body.quantity;
      return { body: itemView(cart, item) };
    },
  },
  {
    method: "DELETE",
    pattern: ITEM,
    auth: "optional",
    handler: (ctx, p) => {
      const cart = writableCartOf(ctx, p.cartId);
      const item = itemOf(cart, p.itemId);
      // A tenant item takes its licence options with it.
      cart.items = cart.items.filter((i) => i !== item && i.parentItemId !== item.itemId);
      return {};
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/requiredConfiguration`,
    auth: "optional",
    handler: (ctx, p) => {
      const item = itemOf(cartOf(ctx, p.cartId), p.itemId);
      if (isOption(item)) return { body: [] };
      return {
        body: LABELS.map(({ label, required }) => ({ fields: null, label, required, type: "string" })),
      };
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/configuration`,
    auth: "optional",
    // `label` keeps the configurations of that label (compared as labels are: case and punctuation ignored).
    handler: (ctx, p) => {
      const label = ctx.query.get("label");
      const item = itemOf(cartOf(ctx, p.cartId), p.itemId);
      const kept =
        label === null
          ? item.configurations
          : item.configurations.filter((c) => normalise(c.label) === normalise(label));
      return { body: kept.map((c) => c.id) };
    },
  },
  {
    method: "POST",
    pattern: `${ITEM}/configuration`,
    auth: "optional",
    // Setting a label again replaces its value (the order keeps the latest).
    handler: (ctx, p) => {
      const item = itemOf(writableCartOf(ctx, p.cartId), p.itemId);
      const body = parseBody(ConfigurationBody, ctx.rawBody);
      if (isOption(item)) {
        throw errors.badRequest(
          `Invalid parameter itemId "${item.itemId}": a licence option takes no configuration`,
          { fields: ["itemId"] },
        );
      }
      const known = LABELS.find((l) => normalise(l.label) === normalise(body.label));
      if (!known) {
        throw errors.badRequest(
          `Invalid parameter label "${body.label}": the CSP2 plan takes ${LABELS.map((l) => l.label).join(", ")}`,
          { fields: ["label"] },
        );
      }
      if (known.rule && !known.rule.test(body.value)) {
        throw errors.badRequest(`Invalid parameter value of label ${known.label}: expected ${known.hint}`, {
          fields: ["value"],
        });
      }
      const configuration = { id: nextId(ctx.state, "configuration"), label: body.label, value: body.value };
      item.configurations = item.configurations.filter((c) => normalise(c.label) !== normalise(body.label));
      item.configurations.push(configuration);
      return { body: configuration };
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/configuration/:configurationId`,
    auth: "optional",
    handler: (ctx, p) => {
      const item = itemOf(cartOf(ctx, p.cartId), p.itemId);
      const found = item.configurations.find((c) => c.id === pathId(p.configurationId));
      if (!found) throw errors.objectNotFound("configurationId", p.configurationId ?? "");
      return { body: found };
    },
  },
  {
    method: "DELETE",
    pattern: `${ITEM}/configuration/:configurationId`,
    auth: "optional",
    handler: (ctx, p) => {
      const item = itemOf(writableCartOf(ctx, p.cartId), p.itemId);
      const found = item.configurations.find((c) => c.id === pathId(p.configurationId));
      if (!found) throw errors.objectNotFound("configurationId", p.configurationId ?? "");
      item.configurations = item.configurations.filter((c) => c !== found);
      return {};
    },
  },
];
