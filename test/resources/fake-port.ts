// An in-memory double of the Csp2 port, for the pure logic of the resource core. It is never the
// evidence that a feature works against OVHcloud's API: the *.integ.spec.ts files run the same
// operations against the real emulator and the real client.
import type {
  OfficeLicence,
  OfficeSubscription,
  OfficeTask,
  OfficeTenant,
} from "../../provider/ovh/models/index.js";
import type {
  Account,
  Csp2Port,
  OrderSummary,
  TenantOrderConfiguration,
} from "../../provider/resources/index.js";

export class FakeApiError extends Error {
  override name = "OvhApiError";
  constructor(
    readonly status: number,
    readonly serverMessage: string,
    readonly method = "GET",
  ) {
    super(serverMessage);
  }
  get mayHaveApplied() {
    return this.method === "POST" && this.status >= 500;
  }
}

/**
 * Simulates the process being killed at that point: nothing in the core may handle it (the core only
 * recovers from errors that may have been applied, and this one says it must simply propagate).
 */
export class Crash extends Error {
  override name = "Crash";
  readonly mayHaveApplied = false;
}

export class FakeNetworkError extends Error {
  override name = "OvhNetworkError";
  readonly mayHaveApplied = true;
}

interface Option {
  itemId: number;
  planCode: string;
  quantity: number;
}
interface Cart {
  cartId: string;
  description: string;
  owner: string;
  items: number[];
  readOnly: boolean;
  /** Listed for the account only once assigned, as OVHcloud's `GET /order/cart` lists. */
  assigned: boolean;
  config?: TenantOrderConfiguration;
  tenantItem?: number;
  options: Option[];
}
interface Order {
  orderId: number;
  owner: string;
  status: "notPaid" | "checking" | "delivering" | "delivered";
  config: TenantOrderConfiguration;
  options: Option[];
  serviceName?: string;
}

/** The licence options the fake cart offers: two base licences, priced per seat and month. */
export const OPTIONS = [
  { name: "Microsoft 365 Business Standard", planCode: "opt-standard", licenseId: 1, price: 11.7 },
  { name: "Microsoft 365 Business Basic", planCode: "opt-basic", licenseId: 2, price: 5.6 },
].map((o) => ({
  ...o,
  definition: {
    exclusive: false,
    family: "licence",
    mandatory: false,
    planCode: o.planCode,
    productName: o.name,
    productType: "saas_license",
    prices: [
      {
        capacities: ["renew"],
        description: "per seat",
        duration: "P1M",
        interval: 1,
        maximumQuantity: 300,
        maximumRepeat: null,
        minimumQuantity: 1,
        minimumRepeat: 1,
        price: { currencyCode: "EUR", priceInUcents: 0, text: `${o.price} €`, value: o.price },
        priceInUcents: 0,
        pricingMode: "default",
        pricingType: "rental",
      },
    ],
  },
}));

export const LICENCES: OfficeLicence[] = [
  {
    id: 1,
    name: "Microsoft 365 Business Standard",
    licenceType: "NON-SPECIFIC",
    limit: 300,
    newSeatsAllowed: true,
    newSubscriptionsAllowed: true,
  },
  {
    id: 2,
    name: "Microsoft 365 Business Basic",
    licenceType: "NON-SPECIFIC",
    limit: 300,
    newSeatsAllowed: true,
    newSubscriptionsAllowed: true,
  },
  {
    id: 3,
    name: "Exchange Online Archiving",
    licenceType: "ADDON",
    limit: 50,
    newSeatsAllowed: true,
    newSubscriptionsAllowed: true,
  },
  {
    id: 4,
    name: "Office 365 E1 (legacy)",
    licenceType: "NON-SPECIFIC",
    limit: null,
    newSeatsAllowed: false,
    newSubscriptionsAllowed: false,
  },
];

type Hook = "before" | "after";

/** A small CSP2 world: accounts, tenants, subscriptions, carts and orders, with injectable cuts. */
export class FakeCsp2 {
  now = new Date("2026-03-01T12:00:00Z");
  tenants = new Map<string, OfficeTenant & { owner: string; deleteAtExpiration?: boolean }>();
  subs = new Map<string, (OfficeSubscription & { parent?: number })[]>();
  carts: Cart[] = [];
  orders: Order[] = [];
  calls: string[] = [];
  /** The plan is sold only with a licence option (its family is mandatory). */
  licenceRequired = false;
  private nextId = 100;
  private faults: { method: string; when: Hook; error: () => Error; count: number }[] = [];

  /** The next call(s) of `method` fail: "before" it takes effect, or "after" (the answer is lost). */
  fault(
    method: string,
    when: Hook,
    error: () => Error = () => new FakeNetworkError("connection reset"),
    count = 1,
  ) {
    this.faults.push({ method, when, error, count });
  }

  addTenant(owner: string, serviceName: string, extra: Partial<OfficeTenant> = {}): OfficeTenant {
    const t = {
      serviceName,
      owner,
      displayName: "ACME GmbH",
      mpnId: "1234567",
      firstName: "Anna",
      lastName: "Muster",
      email: "it@acme.example",
      phone: "+49.301234567",
      address: "Hauptstr. 1",
      city: "Berlin",
      zipCode: "10115",
      status: "ok" as const,
      creationDate: "2026-01-01T00:00:00Z",
      hasAcceptedNewMCA: true,
      iam: null,
      mpnIssueFlag: null,
      ...extra,
    };
    this.tenants.set(serviceName, t);
    this.subs.set(serviceName, []);
    return t;
  }

  addSub(serviceName: string, licenseId: number, quantity: number, creationDate: string, parent?: number) {
    const s = {
      id: this.nextId++,
      licenseId,
      quantity,
      creationDate,
      lastUpdate: null,
      status: "active",
      taskPendingId: 0,
      ...(parent ? { parent } : {}),
    };
    this.subs.get(serviceName)!.push(s);
    return s;
  }

  /** The port as seen by the credentials of account `nic`. */
  port(nic: string): Csp2Port & { calls: string[] } {
    const world = this;
    const tenantOf = (s: string) => {
      const t = world.tenants.get(s);
      if (!t || t.owner !== nic)
        throw new FakeApiError(404, `The requested object (serviceName = ${s}) does not exist`);
      return t;
    };
    const subOf = (s: string, id: number) => {
      tenantOf(s);
      const sub = world.subs.get(s)!.find((x) => x.id === id);
      if (!sub) throw new FakeApiError(404, `Subscription ${id} does not exist`);
      return sub;
    };
    const task = (fn: string): OfficeTask => ({
      id: world.nextId++,
      function: fn,
      status: "todo",
      todoDate: world.now.toISOString(),
      finishDate: null,
    });
    const impl: Record<string, (...args: never[]) => unknown> = {
      whoAmI: (): Account => ({ nic, subsidiary: "DE" }),
      getTenant: (s: string) => {
        const { owner: _o, deleteAtExpiration: _d, ...t } = tenantOf(s);
        return t;
      },
      updateTenant: (s: string, changes: Record<string, string>) => {
        Object.assign(tenantOf(s), changes);
      },
      getServiceInfos: (s: string) => {
        const t = tenantOf(s);
        return {
          canDeleteAtExpiration: true,
          expiration: "2026-12-31",
          renew: { automatic: true, deleteAtExpiration: t.deleteAtExpiration ?? false, forced: false },
        };
      },
      terminateTenantAtExpiry: (s: string) => {
        tenantOf(s).deleteAtExpiration = true;
      },
      listOrderableLicences: (s: string) => {
        tenantOf(s);
        return LICENCES;
      },
      listSubscriptions: (s: string) => {
        tenantOf(s);
        return world.subs.get(s)!.map((x) => ({ ...x }));
      },
      getSubscription: (s: string, id: number) => ({ ...subOf(s, id) }),
      addSubscription: (s: string, body: { licenseId: number; quantity: number }) => {
        const t = tenantOf(s);
        if (t.hasAcceptedNewMCA === false) throw new FakeApiError(403, "MCA not accepted", "POST");
        world.addSub(s, body.licenseId, body.quantity, world.now.toISOString());
        return task("addSubscription");
      },
      orderAddon: (s: string, parent: number, body: { licenseId: number; quantity: number }) => {
        subOf(s, parent);
        world.addSub(s, body.licenseId, body.quantity, world.now.toISOString(), parent);
        return task("orderAddon");
      },
      availableAddonLicences: (s: string, parent: number) => {
        const p = subOf(s, parent);
        const own = LICENCES.find((l) => l.id === p.licenseId);
        return own?.licenceType === "ADDON"
          ? []
          : LICENCES.filter((l) => l.licenceType === "ADDON").map((l) => l.id);
      },
      addonSubscriptionIds: (s: string, parent: number) =>
        world.subs
          .get(s)!
          .filter((x) => x.parent === parent)
          .map((x) => x.id),
      changeQuantity: (s: string, id: number, total: number) => {
        const sub = subOf(s, id);
        const start = Math.max(Date.parse(sub.creationDate), Date.parse(sub.lastUpdate ?? "") || 0);
        if (total < sub.quantity && world.now.getTime() - start > 168 * 3_600_000) {
          throw new FakeApiError(403, "Seat reduction is only allowed within 168 hours", "POST");
        }
        sub.quantity = total;
        sub.lastUpdate = world.now.toISOString();
        return task("changeQuantity");
      },
      cancelSubscription: (s: string, id: number) => {
        const sub = subOf(s, id);
        if (world.now.getTime() - Date.parse(sub.creationDate) > 168 * 3_600_000) {
          throw new FakeApiError(403, "Cancellation is only allowed within 168 hours", "DELETE");
        }
        world.subs.set(
          s,
          world.subs.get(s)!.filter((x) => x.id !== id),
        );
        return task("deleteSubscription");
      },
      waitForTask: (_s: string, id: number) => ({ id, function: "x", status: "done", todoDate: "" }),
      createCart: ({ description }: { description: string }) => {
        const cart: Cart = {
          cartId: `cart-${world.nextId++}`,
          description,
          owner: nic,
          items: [],
          readOnly: false,
          assigned: false,
          options: [],
        };
        world.carts.push(cart);
        return { ...cart, items: [...cart.items] };
      },
      findCarts: ({ description }: { description: string }) =>
        world.carts
          .filter((c) => c.owner === nic && c.assigned && c.description === description)
          .map((c) => ({ ...c, items: [...c.items] })),
      listCartIds: () => world.carts.filter((c) => c.owner === nic && c.assigned).map((c) => c.cartId),
      getCart: (cartId: string) => {
        const cart = world.carts.find((c) => c.cartId === cartId && c.owner === nic);
        if (!cart) throw new FakeApiError(404, `Cart ${cartId} does not exist`);
        return { ...cart, items: [...cart.items] };
      },
      updateCart: (cartId: string, update: { description: string }) => {
        const cart = world.carts.find((c) => c.cartId === cartId)!;
        if (cart.readOnly) throw new FakeApiError(403, "cart is read-only", "PUT");
        cart.description = update.description;
        return { ...cart, items: [...cart.items] };
      },
      tenantItemConfiguration: (cartId: string) => {
        const c = world.carts.find((x) => x.cartId === cartId)!.config;
        return c ? configurationLabels(c) : [];
      },
      deleteCart: (cartId: string) => {
        world.carts = world.carts.filter((c) => c.cartId !== cartId);
      },
      assignCart: (cartId: string) => {
        world.carts.find((c) => c.cartId === cartId)!.assigned = true;
      },
      offeredPlans: () => [
        { planCode: "csp2", productName: "CSP2", productType: "saas_license", prices: [] },
      ],
      addTenantItem: (cartId: string) => {
        const cart = world.carts.find((c) => c.cartId === cartId)!;
        const itemId = world.nextId++;
        cart.items.push(itemId);
        cart.tenantItem = itemId;
        return cartItem(cart, itemId);
      },
      getCartItem: (cartId: string, itemId: number) =>
        cartItem(world.carts.find((c) => c.cartId === cartId)!, itemId),
      offeredOptions: () => OPTIONS.map((o) => ({ ...o.definition, mandatory: world.licenceRequired })),
      addOption: (cartId: string, o: { itemId: number; planCode: string; quantity: number }) => {
        const cart = world.carts.find((c) => c.cartId === cartId)!;
        const itemId = world.nextId++;
        cart.items.push(itemId);
        cart.options.push({ itemId, planCode: o.planCode, quantity: o.quantity });
        return cartItem(cart, itemId);
      },
      updateCartItem: (cartId: string, itemId: number, update: { quantity: number }) => {
        const cart = world.carts.find((c) => c.cartId === cartId)!;
        cart.options.find((o) => o.itemId === itemId)!.quantity = update.quantity;
        return cartItem(cart, itemId);
      },
      deleteCartItem: (cartId: string, itemId: number) => {
        const cart = world.carts.find((c) => c.cartId === cartId)!;
        cart.items = cart.items.filter((i) => i !== itemId);
        cart.options = cart.options.filter((o) => o.itemId !== itemId);
      },
      configureTenantItem: (cartId: string, _item: number, config: TenantOrderConfiguration) => {
        world.carts.find((c) => c.cartId === cartId)!.config = config;
      },
      checkout: (cartId: string) => {
        const cart = world.carts.find((c) => c.cartId === cartId)!;
        if (cart.readOnly) throw new FakeApiError(400, "cart already checked out", "POST");
        if (world.licenceRequired && cart.options.length === 0) {
          throw new FakeApiError(400, "the plan is sold with at least one licence", "POST");
        }
        cart.readOnly = true;
        const order: Order = {
          orderId: world.nextId++,
          owner: nic,
          status: "notPaid",
          config: cart.config!,
          options: cart.options.map((o) => ({ ...o })),
        };
        world.orders.push(order);
        return { orderId: order.orderId };
      },
      choosePayment: () => ({ method: "defaultPaymentMethod", paymentMethodId: 1 }),
      payOrder: (orderId: number) => {
        const o = world.orders.find((x) => x.orderId === orderId)!;
        if (o.status !== "notPaid") throw new FakeApiError(400, "already paid", "POST");
        o.status = "checking";
        return { method: "defaultPaymentMethod" };
      },
      orderStatus: (orderId: number) => world.orders.find((x) => x.orderId === orderId)!.status,
      waitForOrderDelivered: (orderId: number) => {
        const o = world.orders.find((x) => x.orderId === orderId)!;
        if (o.status !== "delivered") {
          o.status = "delivered";
          o.serviceName = `csp2-${o.orderId.toString(16).padStart(8, "0")}`;
          world.addTenant(nic, o.serviceName, {
            displayName: o.config.displayName,
            mpnId: o.config.mpnId,
            ...o.config.contact,
            creationDate: world.now.toISOString(),
          });
          for (const option of o.options) {
            const licenseId = OPTIONS.find((x) => x.planCode === option.planCode)!.licenseId;
            world.addSub(o.serviceName, licenseId, option.quantity, world.now.toISOString());
          }
        }
      },
      listOrders: () => world.orders.filter((o) => o.owner === nic).map((o) => o.orderId),
      orderSummary: (orderId: number): OrderSummary => {
        const o = world.orders.find((x) => x.orderId === orderId)!;
        const configurations = configurationLabels(o.config);
        return {
          orderId,
          date: world.now.toISOString(),
          details: [{ orderDetailId: 1, domain: o.serviceName ?? "*", planCode: "csp2", configurations }],
        };
      },
      serviceNameFromOrder: (orderId: number) =>
        world.orders.find((x) => x.orderId === orderId)!.serviceName!,
    };
    function cartItem(cart: Cart, itemId: number) {
      const option = cart.options.find((o) => o.itemId === itemId);
      return {
        cartId: cart.cartId,
        itemId,
        parentItemId: option ? cart.tenantItem : null,
        options: option ? [] : cart.options.map((o) => o.itemId),
        settings: {
          planCode: option?.planCode ?? "csp2",
          pricingMode: "default",
          quantity: option?.quantity ?? 1,
        },
      };
    }
    const calls: string[] = [];
    const port = new Proxy({} as Csp2Port & { calls: string[] }, {
      get(_t, prop: string) {
        if (prop === "calls") return calls;
        const fn = impl[prop];
        if (!fn) return undefined;
        return async (...args: never[]) => {
          calls.push(prop);
          world.calls.push(`${nic} ${prop}`);
          const i = world.faults.findIndex((f) => f.method === prop);
          const fault = i >= 0 ? world.faults[i]! : undefined;
          if (fault) {
            fault.count -= 1;
            if (fault.count <= 0) world.faults.splice(i, 1);
            if (fault.when === "before") throw fault.error();
          }
          const result = await fn(...args);
          if (fault?.when === "after") throw fault.error();
          return result;
        };
      },
    });
    return port;
  }
}

/** A configuration as the order form's labels hold it. */
function configurationLabels(c: TenantOrderConfiguration): { label: string; value: string }[] {
  return [
    { label: "mpnId", value: c.mpnId },
    { label: "displayName", value: c.displayName },
    ...Object.entries(c.contact).map(([label, value]) => ({ label, value })),
    ...(c.subdomain ? [{ label: "subDomain", value: c.subdomain }] : []),
  ];
}

/** A port whose every method fails the test if called: evidence that a refusal calls no API. */
export function forbiddenPort(): Csp2Port & { calls: string[] } {
  const calls: string[] = [];
  return new Proxy({} as Csp2Port & { calls: string[] }, {
    get(_t, prop: string) {
      if (prop === "calls") return calls;
      if (prop === "then") return undefined;
      return async () => {
        calls.push(prop);
        throw new Error(`unexpected API call: ${prop}`);
      };
    },
  });
}
