// The Csp2Api interface: every CSP2 operation the resource core may use, typed and zod-validated.
// The resource core depends on this interface only; `createCsp2Api(client)` implements it over the
// OVHcloud client. Operations that POST are never retried automatically after a 5xx or a dropped
// connection: it may have been applied, so it fails with `mayHaveApplied` and the caller looks (list
// tasks, subscriptions, carts, orders) before repeating it. A 429 (refused before acting) is waited
// out and repeated by the client, like any other call.
import type {
  BillingStatistics,
  Cart,
  CartItem,
  ConfigurationItem,
  CurrentCredential,
  LicencePrice,
  LicensePeriod,
  MeOrder,
  OfficeLicence,
  OfficeSubscription,
  OfficeTask,
  OfficeTenant,
  OfficeTenantUpdate,
  OptionDefinition,
  Order,
  OrderDetail,
  OrderDetailExtension,
  OrderStatus,
  ProductDefinition,
  RequiredConfiguration,
  ServiceInfos,
  Statistics,
  TaskStatus,
} from "../ovh/models/index.js";

export interface Identity {
  /** The account's NIC handle (`GET /me` nichandle): what every state records as `ovhAccount`. */
  nic: string;
  /** `ovhSubsidiary`, e.g. FR; carts are created in it. */
  subsidiary: string;
}

export type ProgressEvent =
  | {
      kind: "task";
      serviceName: string;
      taskId: number;
      function: string;
      status: TaskStatus;
      elapsedMs: number;
    }
  | { kind: "order"; orderId: number; status: OrderStatus; elapsedMs: number };

/** Progress of long work: a line a person can read (engine logs, CLI), and the same as data. */
export type ProgressListener = (message: string, event: ProgressEvent) => void;

export interface WaitOptions {
  /** The task was just returned by the call that started it: the first read waits one pause. */
  justStarted?: boolean;
  /** Give up waiting (the work goes on at OVHcloud) after this long. */
  timeoutMs?: number | undefined;
  onProgress?: ProgressListener | undefined;
  signal?: AbortSignal | undefined;
}

export interface TenantContact {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  zipCode: string;
}

/** What a tenant order asks for; labels of the cart item are mapped onto these fields by name. */
export interface TenantConfiguration {
  mpnId: string;
  displayName: string;
  contact: TenantContact;
  /** Custom Microsoft sub-domain; order time only. */
  subdomain?: string | undefined;
}

/** A plan as it is put in the cart. */
export interface PlanChoice {
  planCode: string;
  duration: string;
  pricingMode: string;
}

/** One line of an order with its extension (plan code and configurations as sent); extension null when the API has none. */
export interface OrderLine {
  detail: OrderDetail;
  extension: OrderDetailExtension | null;
}

/** An order with what identifies a tenant order: plan code and configurations of each plan line. */
export interface OrderSummary {
  orderId: number;
  /** When the order was placed; null when OVHcloud does not say (`billing.Order.date` may be null). */
  date: string | null;
  details: Array<{
    orderDetailId: number;
    /** The service name once delivered, `*` before. */
    domain: string;
    planCode?: string | undefined;
    configurations: Array<{ label: string; value: string }>;
  }>;
}

export type CheckedOutOrder = Order & { orderId: number };

/** A licence option as it is attached to a tenant item (`POST /order/cart/{cartId}/csp2/options`). */
export interface OptionChoice extends PlanChoice {
  /** The tenant item it is sold with. */
  itemId: number;
  /** Seats. */
  quantity: number;
}

/** How an order was paid. */
export type OrderPayment =
  | { method: "defaultPaymentMethod"; paymentMethodId: number }
  /** A free order (total 0) on an account without a default payment method, as terraform-provider-ovh pays it. */
  | { method: "fidelityAccount" };

export interface Csp2Api {
  /** `GET /me`: the account these credentials belong to. */
  whoAmI(): Promise<Identity>;
  /** `GET /auth/currentCredential`: the access rules of an application-key credential. */
  currentCredential(): Promise<CurrentCredential>;

  // ---- tenants -----------------------------------------------------------------------------------
  /** `GET /saas/csp2`: service names only (one call). */
  listTenantNames(): Promise<string[]>;
  /** Every tenant of the account, expanded (about one call per page). */
  listTenants(): Promise<OfficeTenant[]>;
  getTenant(serviceName: string): Promise<OfficeTenant>;
  /**
   * Read-merge-write: reads the tenant, merges `changes` into its writable fields and PUTs the full
   * writable set (the API takes a whole OfficeTenant). Read the tenant again to see the result.
   * Repeated on transient failures (PUT sets a state).
   */
  updateTenant(serviceName: string, changes: Partial<OfficeTenantUpdate>): Promise<void>;
  getServiceInfos(serviceName: string): Promise<ServiceInfos>;
  /**
   * Ends the tenant at its expiry date (`renew.deleteAtExpiration = true`), as OVHcloud allows for
   * CSP2; a no-op when already set. Refused with OvhOperationError when `canDeleteAtExpiration` is false.
   */
  terminateTenantAtExpiry(serviceName: string): Promise<ServiceInfos>;

  // ---- licences and subscriptions --------------------------------------------------------------
  listOrderableLicences(serviceName: string): Promise<OfficeLicence[]>;
  getOrderableLicence(serviceName: string, licenceId: number): Promise<OfficeLicence>;
  listSubscriptions(serviceName: string): Promise<OfficeSubscription[]>;
  getSubscription(serviceName: string, subscriptionId: number): Promise<OfficeSubscription>;
  /** POST, never retried: returns the `addSubscription` task; wait with waitForTask. */
  addSubscription(serviceName: string, input: { licenseId: number; quantity: number }): Promise<OfficeTask>;
  /** POST, never retried: `total` is the new total seat count, not a difference. */
  changeQuantity(serviceName: string, subscriptionId: number, total: number): Promise<OfficeTask>;
  /** DELETE (retried on transient failures): returns the `deleteSubscription` task. */
  cancelSubscription(serviceName: string, subscriptionId: number): Promise<OfficeTask>;
  /** POST, never retried: `licenseId` must be one of availableAddonLicences. */
  orderAddon(
    serviceName: string,
    subscriptionId: number,
    input: { licenseId: number; quantity: number },
  ): Promise<OfficeTask>;
  availableAddonLicences(serviceName: string, subscriptionId: number): Promise<number[]>;
  addonSubscriptionIds(serviceName: string, subscriptionId: number): Promise<number[]>;

  // ---- tasks -----------------------------------------------------------------------------------
  listTasks(serviceName: string): Promise<OfficeTask[]>;
  getTask(serviceName: string, taskId: number): Promise<OfficeTask>;
  /**
   * Polls the task with backoff until `done` (returned). `error`/`cancelled` throw OvhTaskError
   * naming the task id and function; running out of time throws OvhWaitTimeoutError.
   */
  waitForTask(serviceName: string, taskId: number, options?: WaitOptions): Promise<OfficeTask>;

  // ---- statistics and prices -------------------------------------------------------------------
  usageStatistics(serviceName: string, period: LicensePeriod): Promise<Statistics[]>;
  billingPeriodPeaks(serviceName: string): Promise<BillingStatistics>;
  /**
   * Monthly price per seat, by a `price.Saas.Csp2.LicenseEnum` name (a 2019 list). Not a price source of
   * o365r, which reads the cart's licence options instead (docs/wire-contract.md, "Prices").
   */
  licencePrice(licenseName: string): Promise<LicencePrice>;

  // ---- tenant order, as steps a resumed create can pick up one by one ----------------------------
  /** POST, never retried. Created in the account's subsidiary unless one is given. */
  createCart(input: {
    description: string;
    subsidiary?: string | undefined;
    expire?: string | undefined;
  }): Promise<Cart>;
  /** Carts of this account with exactly this description (how a resumed create finds its cart). */
  findCarts(input: { description: string }): Promise<Cart[]>;
  /** Ids of every cart of the account (`GET /order/cart` without a filter). */
  listCartIds(): Promise<string[]>;
  getCart(cartId: string): Promise<Cart>;
  /** PUT (retried on transient failures): an open cart's description; a checked-out cart refuses. */
  updateCart(cartId: string, update: { description: string }): Promise<Cart>;
  /** DELETE (retried on transient failures): a cart that will not be checked out. */
  deleteCart(cartId: string): Promise<void>;
  getCartItem(cartId: string, itemId: number): Promise<CartItem>;
  /** PUT (retried on transient failures): a new quantity (for a licence option: its seats). */
  updateCartItem(cartId: string, itemId: number, update: { quantity: number }): Promise<CartItem>;
  /** DELETE (retried on transient failures); a tenant item takes its options with it. */
  deleteCartItem(cartId: string, itemId: number): Promise<void>;
  /** POST, never retried (assigning twice is harmless: look with getCart first if unsure). */
  assignCart(cartId: string): Promise<void>;
  offeredPlans(cartId: string): Promise<ProductDefinition[]>;
  /**
   * POST, never retried: adds one tenant (quantity 1) of the plan. Given a ProductDefinition from
   * offeredPlans, its `default` pricing mode (else its first price) is used.
   */
  addTenantItem(cartId: string, plan: PlanChoice | ProductDefinition): Promise<CartItem>;
  /**
   * The options of a plan (`GET /order/cart/{cartId}/csp2/options?planCode=`): for CSP2, the licences
   * that can be bought with a tenant, with their prices. OVHcloud answers 404 where a plan has none.
   */
  offeredOptions(cartId: string, planCode: string): Promise<OptionDefinition[]>;
  /** POST, never retried: attaches a licence option to the tenant item. */
  addOption(cartId: string, option: OptionChoice): Promise<CartItem>;
  requiredConfiguration(cartId: string, itemId: number): Promise<RequiredConfiguration[]>;
  /**
   * Sends each label the item asks for, mapped by name (case and punctuation ignored) to the fields
   * of `config`; labels already set to the same value are skipped, so it can be called again after a
   * crash. Refuses, before sending anything, naming required labels it does not know or has no value
   * for. Each configuration is a POST, never retried.
   */
  configureTenantItem(
    cartId: string,
    itemId: number,
    config: TenantConfiguration,
  ): Promise<Array<{ id: number; label: string; value: string }>>;
  /** The configuration an item holds (label → value), read back; a checked-out cart's too. */
  tenantItemConfiguration(cartId: string, itemId: number): Promise<ConfigurationItem[]>;
  /** POST, never retried: places the order (the cart becomes read-only). */
  checkout(cartId: string): Promise<CheckedOutOrder>;
  /** POST, never retried: pays with the account's default payment method. */
  payWithDefaultMethod(orderId: number): Promise<{ paymentMethodId: number }>;
  /**
   * How a cart's order would be paid, decided before checkout as terraform-provider-ovh does: the
   * default payment method; on an account without one, the fidelity account when the cart's total
   * (`GET /order/cart/{cartId}/summary`) is 0. Any other cart is refused (OvhOperationError) with what
   * to do, so that no unpayable order is placed.
   */
  choosePayment(cartId: string): Promise<OrderPayment>;
  /**
   * POST, never retried: pays the order as `payment` says (from choosePayment); without it (a resumed
   * order), decides the same way from the order's own total.
   */
  payOrder(orderId: number, payment?: OrderPayment): Promise<OrderPayment>;
  orderStatus(orderId: number): Promise<OrderStatus>;
  /** Polls until `delivered`; `notPaid`, `documentsRequested`, `cancelled`… throw OvhOperationError. */
  waitForOrderDelivered(orderId: number, options?: WaitOptions): Promise<void>;
  /** Order ids in a date range (`/me/order?date.from=&date.to=`). */
  listOrders(range: { from: Date | string; to: Date | string }): Promise<number[]>;
  getOrder(orderId: number): Promise<MeOrder>;
  /** Every detail of an order with its extension (plan code and configurations as sent). */
  orderDetails(orderId: number): Promise<OrderLine[]>;
  /** The order's date and, per plan line, its plan code, domain and configurations: to recognise an order. */
  orderSummary(orderId: number): Promise<OrderSummary>;
  /**
   * The tenant's service name from a delivered order's details (the plan line whose plan code
   * matches, when given). Throws OvhOperationError while the order names none yet (domain `*`).
   */
  serviceNameFromOrder(orderId: number, options?: { planCode?: string | undefined }): Promise<string>;
}
