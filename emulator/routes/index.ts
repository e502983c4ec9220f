// The API served under /1.0: every route family in one table.
import type { Ctx } from "../http/context.js";
import { Router } from "../http/router.js";
import { authRoutes } from "./auth.js";
import { cartRoutes } from "./cart.js";
import { cartItemRoutes } from "./cart-items.js";
import { checkoutRoutes } from "./checkout.js";
import { meRoutes } from "./me.js";
import { orderRoutes } from "./orders.js";
import { priceRoutes } from "./price.js";
import { schemaRoutes } from "./schema.js";
import { serviceRoutes } from "./services.js";
import { subscriptionRoutes } from "./subscriptions.js";
import { taskRoutes } from "./tasks.js";
import { tenantRoutes } from "./tenants.js";
import { usageRoutes } from "./usage.js";

export function apiRouter(): Router<Ctx> {
  return new Router<Ctx>().add(
    ...authRoutes,
    ...meRoutes,
    ...tenantRoutes,
    ...usageRoutes,
    ...subscriptionRoutes,
    ...taskRoutes,
    ...cartRoutes,
    ...cartItemRoutes,
    ...checkoutRoutes,
    ...orderRoutes,
    ...serviceRoutes,
    ...priceRoutes,
    ...schemaRoutes,
  );
}
