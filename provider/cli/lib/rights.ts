// What o365r and the providers need a consumer key to allow, and whether a credential's access rules
// (`GET /auth/currentCredential`) allow it. OVHcloud's rule syntax: a method and a path in which `*`
// stands for any characters, `/` included.

export interface AccessRule {
  method: string;
  path: string;
}

export interface Capability {
  name: string;
  /** Sample calls the capability makes; every one must be granted. */
  calls: ReadonlyArray<readonly [method: string, path: string]>;
  /** The rules to ask for when creating a consumer key. */
  rules: readonly string[];
  /** Needed by inventory/drift (read) or only by the providers (write). */
  use: "read" | "write";
}

export const CAPABILITIES: readonly Capability[] = [
  {
    name: "read the account",
    calls: [["GET", "/me"]],
    rules: ["GET /me"],
    use: "read",
  },
  {
    name: "read tenants, subscriptions, licences and usage",
    calls: [
      ["GET", "/saas/csp2"],
      ["GET", "/saas/csp2/csp2-00000000"],
      ["GET", "/saas/csp2/csp2-00000000/subscription"],
      ["GET", "/saas/csp2/csp2-00000000/orderableLicenses"],
      ["GET", "/saas/csp2/csp2-00000000/billingPeriodPeaks"],
      ["GET", "/saas/csp2/csp2-00000000/usageStatistics"],
    ],
    rules: ["GET /saas/csp2", "GET /saas/csp2/*"],
    use: "read",
  },
  {
    // The cart's offer: a throwaway cart, read and deleted, never checked out.
    name: "read licence prices from a cart",
    calls: [
      ["POST", "/order/cart"],
      ["GET", "/order/cart/c/csp2"],
      ["GET", "/order/cart/c/csp2/options"],
      ["DELETE", "/order/cart/c"],
    ],
    rules: ["POST /order/cart", "GET /order/cart/*", "DELETE /order/cart/*"],
    use: "read",
  },
  {
    name: "change tenants",
    calls: [
      ["PUT", "/saas/csp2/csp2-00000000"],
      ["PUT", "/saas/csp2/csp2-00000000/serviceInfos"],
    ],
    rules: ["PUT /saas/csp2/*"],
    use: "write",
  },
  {
    name: "buy, change and cancel subscriptions",
    calls: [
      ["POST", "/saas/csp2/csp2-00000000/subscription"],
      ["POST", "/saas/csp2/csp2-00000000/subscription/1/changeQuantity"],
      ["DELETE", "/saas/csp2/csp2-00000000/subscription/1"],
    ],
    rules: ["POST /saas/csp2/*", "DELETE /saas/csp2/*"],
    use: "write",
  },
  {
    name: "order tenants (carts)",
    calls: [
      ["POST", "/order/cart"],
      ["GET", "/order/cart"],
      ["POST", "/order/cart/c/csp2"],
      ["POST", "/order/cart/c/csp2/options"],
      ["PUT", "/order/cart/c/item/1"],
      ["DELETE", "/order/cart/c/item/1"],
      ["POST", "/order/cart/c/checkout"],
    ],
    rules: [
      "GET /order/cart",
      "GET /order/cart/*",
      "POST /order/cart",
      "POST /order/cart/*",
      "PUT /order/cart/*",
      "DELETE /order/cart/*",
    ],
    use: "write",
  },
  {
    name: "read and pay orders",
    calls: [
      ["GET", "/me/order"],
      ["GET", "/me/order/1/details"],
      ["GET", "/me/payment/method"],
      ["POST", "/me/order/1/pay"],
      ["POST", "/me/order/1/payWithRegisteredPaymentMean"],
    ],
    rules: ["GET /me/order", "GET /me/order/*", "GET /me/payment/method", "POST /me/order/*"],
    use: "write",
  },
];

export function isGranted(rules: readonly AccessRule[], method: string, path: string): boolean {
  return rules.some((r) => r.method.toUpperCase() === method && ruleRegExp(r.path).test(path));
}

function ruleRegExp(path: string): RegExp {
  const escaped = path
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`);
}

/** The capabilities the rules do not grant, each with the rules to add. */
export function missingCapabilities(rules: readonly AccessRule[]): Capability[] {
  return CAPABILITIES.filter((c) => c.calls.some(([m, p]) => !isGranted(rules, m, p)));
}
