// `GET /price/saas/csp2/license/{licenseName}`: a licence's monthly price per seat, and the `order.Price`
// shape the cart and order routes use.
import { type LicencePrice, PRICE_LICENCE_NAMES, type Price } from "../../provider/ovh/models/index.js";
import { priceOf } from "../catalogue.js";
import type { Route } from "../http/context.js";
import { errors } from "../http/errors.js";

/** `order.Price` as order-cart.json and me-order.json declare it (with priceInUcents). */
export function price(value: number): Price {
  const rounded = Math.round(value * 100) / 100;
  return {
    currencyCode: "EUR",
    priceInUcents: Math.round(rounded * 100_000_000),
    text: `${rounded.toFixed(2)} €`,
    value: rounded,
  };
}

/** `order.Price` as price.json declares it: no priceInUcents. */
function licencePrice(value: number): LicencePrice {
  const { priceInUcents: _, ...rest } = price(value);
  return rest;
}

const KNOWN_NAMES: ReadonlySet<string> = new Set(PRICE_LICENCE_NAMES);

export const priceRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/price/saas/csp2/license/:licenseName",
    auth: "optional",
    // The path parameter is a `price.Saas.Csp2.LicenseEnum`: a name outside it is refused, as OVHcloud
    // refuses a path parameter outside its enum.
    handler: (_ctx, p) => {
      const name = p.licenseName ?? "";
      const value = KNOWN_NAMES.has(name) ? priceOf(name) : undefined;
      if (value === undefined) {
        throw errors.badRequest(
          `Invalid parameter licenseName "${name}": not a value of price.Saas.Csp2.LicenseEnum (${PRICE_LICENCE_NAMES.join(", ")})`,
          { fields: ["licenseName"] },
        );
      }
      return { body: licencePrice(value) };
    },
  },
];
