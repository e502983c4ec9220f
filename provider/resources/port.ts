// The port: the narrow slice of the CSP2 operations the resource core needs. `Csp2Api` from
// provider/csp2 satisfies it structurally (see `asPort` in ./adapter.ts when names differ), unit tests
// use an in-memory double, and nothing here touches the network.
import type {
  Cart,
  CartItem,
  OfficeLicence,
  OfficeSubscription,
  OfficeTask,
  OfficeTenant,
  OfficeTenantUpdate,
  OptionDefinition,
  OrderStatus,
  ProductDefinition,
  RequiredConfiguration,
  ServiceInfos,
} from "../ovh/models/index.js";

export interface Account {
  /** NIC handle of the credentials in use (`GET /me` nichandle), e.g. `ab12345-ovh`. */
  nic: string;
  /** OVHcloud subsidiary, e.g. `FR`, `DE`: needed to create a cart. */
  subsidiary: string;
}

export interface WaitOptions {
  timeoutMs?: number;
  /**
   * The task was just returned by the call that started it, with its status: the first read waits one
   * pause (a task is not done the instant it is created, and reading it at once costs a call).
   */
  justStarted?: boolean;
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

/** What the core sends to configure a tenant cart item (the client maps it to the required labels). */
export interface TenantOrderConfiguration {
  mpnId: string;
  displayName: string;
  contact: {
    firstName: string;
    lastName: string;
    email: string;
    phone: string;
    address: string;
    city: string;
    zipCode: string;
  };
  subdomain?: string | undefined;
}

/** One order of `/me/order` with what is needed to recognise it: its status and tenant configurations. */
export interface OrderSummary {
  orderId: number;
  /** When the order was placed; null when OVHcloud does not say (`billing.Order.date` may be null). */
  date: string | null;
  /** The configurations (label → value) of each plan detail, as sent at order time. */
  details: Array<{
    orderDetailId: number;
    domain: string;
    planCode?: string | undefined;
    configurations: Array<{ label: string; value: string }>;
  }>;
}

export interface Csp2Port {
  whoAmI(): Promise<Account>;

  getTenant(serviceName: string): Promise<OfficeTenant>;
  updateTenant(serviceName: string, changes: Partial<OfficeTenantUpdate>): Promise<void>;
  getServiceInfos(serviceName: string): Promise<ServiceInfos>;
  terminateTenantAtExpiry(serviceName: string): Promise<unknown>;

  listOrderableLicences(serviceName: string): Promise<OfficeLicence[]>;
  listSubscriptions(serviceName: string): Promise<OfficeSubscription[]>;
  getSubscription(serviceName: string, id: number): Promise<OfficeSubscription>;
  addSubscription(serviceName: string, body: { licenseId: number; quantity: number }): Promise<OfficeTask>;
  changeQuantity(serviceName: string, id: number, total: number): Promise<OfficeTask>;
  cancelSubscription(serviceName: string, id: number): Promise<OfficeTask>;
  orderAddon(
    serviceName: string,
    parentId: number,
    body: { licenseId: number; quantity: number },
  ): Promise<OfficeTask>;
  /** Ids of the subscriptions that are add-ons of `parentId`. */
  addonSubscriptionIds(serviceName: string, parentId: number): Promise<number[]>;
  /** Ids of the add-on licences `parentId` accepts (`availableAddonLicenses`). */
  availableAddonLicences(serviceName: string, parentId: number): Promise<number[]>;
  waitForTask(serviceName: string, taskId: number, options?: WaitOptions): Promise<OfficeTask>;

  // The tenant order flow, one step at a time, so that a retried create can resume at any step.
  /** `subsidiary`: the account's (saves a `GET /me`); `expire`: ISO date-time (throwaway carts). */
  createCart(options: {
    description: string;
    subsidiary?: string | undefined;
    expire?: string | undefined;
  }): Promise<Cart>;
  findCarts(options: { description: string }): Promise<Cart[]>;
  /** Ids of every cart of the account (`GET /order/cart` without a filter). */
  listCartIds(): Promise<string[]>;
  getCart(cartId: string): Promise<Cart>;
  /** `PUT /order/cart/{cartId}`: an open cart's description (a checked-out cart refuses). */
  updateCart(cartId: string, update: { description: string }): Promise<unknown>;
  deleteCart(cartId: string): Promise<unknown>;
  assignCart(cartId: string): Promise<unknown>;
  offeredPlans(cartId: string): Promise<ProductDefinition[]>;
  addTenantItem(cartId: string, plan: ProductDefinition): Promise<CartItem>;
  getCartItem(cartId: string, itemId: number): Promise<CartItem>;
  /** The licence options of a plan, with prices; OVHcloud answers 404 where a plan has none. */
  offeredOptions(cartId: string, planCode: string): Promise<OptionDefinition[]>;
  addOption(cartId: string, option: LicenceOptionChoice): Promise<CartItem>;
  updateCartItem(cartId: string, itemId: number, update: { quantity: number }): Promise<CartItem>;
  deleteCartItem(cartId: string, itemId: number): Promise<unknown>;
  requiredConfiguration?(cartId: string, itemId: number): Promise<RequiredConfiguration[]>;
  configureTenantItem(
    cartId: string,
    itemId: number,
    configuration: TenantOrderConfiguration,
  ): Promise<unknown>;
  /** The configuration (label → value) a cart item holds, as sent: also readable once checked out. */
  tenantItemConfiguration(cartId: string, itemId: number): Promise<Array<{ label: string; value: string }>>;
  checkout(cartId: string): Promise<{ orderId?: number | null | undefined }>;
  /**
   * How the cart's order would be paid, before checkout: the default payment method; without one, a
   * free order from the fidelity account; anything else is refused (nothing ordered).
   */
  choosePayment(cartId: string): Promise<OrderPaymentChoice>;
  /** Pays as chosen; without a choice (a resumed order), decides the same way from the order's total. */
  payOrder(orderId: number, payment?: OrderPaymentChoice): Promise<OrderPaymentChoice>;
  orderStatus(orderId: number): Promise<OrderStatus>;
  waitForOrderDelivered(orderId: number, options?: WaitOptions): Promise<unknown>;
  listOrders(range: { from: Date; to: Date }): Promise<number[]>;
  orderSummary(orderId: number): Promise<OrderSummary>;
  serviceNameFromOrder(orderId: number, options?: { planCode?: string | undefined }): Promise<string>;
}

/** How an order is paid (the client's `OrderPayment`). */
export type OrderPaymentChoice =
  | { method: "defaultPaymentMethod"; paymentMethodId: number }
  | { method: "fidelityAccount" };

/** A licence option as it is attached to the tenant item. */
export interface LicenceOptionChoice {
  itemId: number;
  planCode: string;
  duration: string;
  pricingMode: string;
  quantity: number;
}

/**
 * A port wrapped to be watched (tenant/apply.ts follows an order's steps through a Proxy) answers this
 * with the port it wraps, so that what is kept per client (claims of earlier attempts, settled carts)
 * is shared by every create of the process, watched or not.
 */
export const WRAPPED_PORT: unique symbol = Symbol("o365r.wrappedPort");

export function basePort(api: Csp2Port): Csp2Port {
  return (api as { [WRAPPED_PORT]?: Csp2Port })[WRAPPED_PORT] ?? api;
}
