// `GET /price/saas/csp2/license/{licenseName}`: a licence's monthly price per seat, and the `order.Price`
// shape every priced answer uses.
import type { Price } from "../../provider/ovh/models/index.js";
import { priceOf } from "../catalogue.js";
import type { Route } from "../http/context.js";
import { errors } from "../http/errors.js";

export function price(value: number): Price {
  const rounded = Math.round(value * 100) / 100;
  return {
    currencyCode: "EUR",
    priceInUcents: Math.round(rounded * 100_000_000),
    text: `${rounded.toFixed(2)} €`,
    value: rounded,
  };
}

export const priceRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/price/saas/csp2/license/:licenseName",
    auth: "optional",
    handler: (_ctx, p) => {
      const value = priceOf(p.licenseName ?? "");
      if (value === undefined) {
        throw errors.badRequest(
          `Invalid parameter licenseName "${p.licenseName}": not a known licence price name`,
          {
            fields: ["licenseName"],
          },
        );
      }
      return { body: price(value) };
    },
  },
];
