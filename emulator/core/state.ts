// The emulator's whole persistent state: one plain JSON-serialisable object, so that the store can
// snapshot it atomically after each mutation and a restart restores it exactly.
// Times are epoch milliseconds: "virtual" ones follow the virtual clock (core/clock.ts), "real" ones
// the machine clock (only credentials and tokens, which live outside the simulated business time).

export const STATE_VERSION = 1;

export interface AccessRule {
  method: string;
  path: string;
}

export interface Account {
  nic: string;
  ovhSubsidiary: string;
  email: string;
  firstname: string;
  name: string;
  /** Payment method ids registered on the account (the first is the default). */
  paymentMethods: number[];
  createdAt: number;
}

export interface Application {
  applicationKey: string;
  applicationSecret: string;
  applicationId: number;
  nic: string;
}

export type CredentialStatus = "pendingValidation" | "validated" | "refused" | "expired";

export interface ConsumerKey {
  consumerKey: string;
  applicationKey: string;
  /** null while pending validation of a key requested through `POST /auth/credential`. */
  nic: string | null;
  credentialId: number;
  rules: AccessRule[];
  status: CredentialStatus;
  /** Token in the validation URL of a pending key. */
  validationToken?: string;
  createdAt: number; // real
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  nic: string;
}

export interface AccessToken {
  token: string;
  clientId: string;
  nic: string;
  expiresAt: number; // real
}

export interface Subscription {
  id: number;
  licenseId: number;
  quantity: number;
  /** creating | active | deleting | error (a free string in the API). */
  status: string;
  creationDate: number; // virtual
  lastUpdate: number; // virtual
  taskPendingId: number;
  /** Start of the current commitment term; renewals follow every `termMonths`. */
  purchasedAt: number; // virtual
  /** Last time seats were added: reopens Microsoft's 168-hour reduction window. */
  seatsAddedAt: number | null; // virtual
  parentId: number | null;
}

export type TaskFunction = "addSubscription" | "changeQuantity" | "orderAddon" | "deleteSubscription";

export interface Task {
  id: number;
  function: TaskFunction;
  status: "todo" | "doing" | "done" | "error" | "cancelled";
  todoDate: number; // virtual
  doingAt: number; // virtual
  doneAt: number; // virtual
  finishDate: number | null; // virtual
  subscriptionId: number;
  /** The new total for changeQuantity. */
  quantity: number | null;
  /** Set by a `task: "error"` fault: the task ends in `error` and changes nothing. */
  willFail: boolean;
}

export interface UsagePoint {
  at: number; // virtual
  licenseId: number;
  count: number;
}

export interface Renew {
  automatic: boolean;
  deleteAtExpiration: boolean;
  forced: boolean;
  manualPayment: boolean;
  period: number;
}

export interface Tenant {
  serviceName: string;
  serviceId: number;
  nic: string;
  displayName: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  zipCode: string;
  mpnId: string | null;
  mpnIssueFlag: string | null;
  hasAcceptedNewMCA: boolean;
  status: string;
  subDomain: string | null;
  creationDate: number; // virtual
  expiration: number; // virtual
  renew: Renew;
  iamId: string;
  tags: Record<string, string>;
  orderId: number | null;
  /** Set when the service ended (deleteAtExpiration reached): gone from /saas/csp2, kept for /services. */
  deletedAt: number | null; // virtual
  subscriptions: Record<string, Subscription>;
  tasks: Record<string, Task>;
  usage: UsagePoint[];
}

export interface CartConfiguration {
  id: number;
  label: string;
  value: string;
}

export interface CartItem {
  itemId: number;
  planCode: string;
  duration: string;
  pricingMode: string;
  quantity: number;
  configurations: CartConfiguration[];
  /** A licence option: the tenant item it is attached to (absent in states written before options). */
  parentItemId?: number | null;
}

export interface Cart {
  cartId: string;
  nic: string | null;
  ovhSubsidiary: string;
  description: string | null;
  expire: number; // virtual
  readOnly: boolean;
  items: CartItem[];
  orderId: number | null;
}

export type OrderOutcome = "deliver" | "stuck" | "fail";

export interface OrderDetail {
  orderDetailId: number;
  itemId: number;
  planCode: string;
  duration: string;
  pricingMode: string;
  configurations: { label: string; value: string }[];
  /** "*" until delivered, then the new service name (a licence option's line: its tenant's). */
  domain: string;
  /** Licence option lines: the tenant item they belong to, seats and monthly price per seat. */
  parentItemId?: number | null;
  quantity?: number;
  unitPrice?: number;
}

export interface Order {
  orderId: number;
  nic: string;
  cartId: string;
  password: string;
  date: number; // virtual
  status: "notPaid" | "checking" | "delivering" | "delivered" | "cancelled";
  paidAt: number | null; // virtual
  /** Virtual time of each status change, for followUp. */
  history: { status: string; at: number }[];
  outcome: OrderOutcome;
  details: OrderDetail[];
}

export interface Sequences {
  applicationId: number;
  credentialId: number;
  paymentMethod: number;
  serviceId: number;
  subscription: number;
  task: number;
  cartItem: number;
  configuration: number;
  order: number;
  orderDetail: number;
}

/** Rules of the CSP2 plan the admin API can change (OVHcloud's may differ; docs/emulator.md). */
export interface TenantPlanRules {
  /** Checkout refuses a tenant item without at least one licence option. */
  requireLicenceOption: boolean;
}

export interface State {
  version: number;
  /** Absent in states written before the rule existed: no rule. */
  tenantPlan?: TenantPlanRules;
  /** Virtual clock = real clock + this offset (ms). */
  clockOffsetMs: number;
  /** Server time skew for /auth/time and the signature time check (s). */
  skewSeconds: number;
  /** The account seeded by `--demo`, so a restart with the same data prints the same credentials. */
  demo: { nic: string; consumerKey: string; clientId: string } | null;
  seq: Sequences;
  accounts: Record<string, Account>;
  applications: Record<string, Application>;
  consumerKeys: Record<string, ConsumerKey>;
  oauthClients: Record<string, OAuthClient>;
  tokens: Record<string, AccessToken>;
  tenants: Record<string, Tenant>;
  carts: Record<string, Cart>;
  orders: Record<string, Order>;
}

export function emptyState(): State {
  return {
    version: STATE_VERSION,
    clockOffsetMs: 0,
    skewSeconds: 0,
    demo: null,
    seq: {
      applicationId: 100_000,
      credentialId: 500_000_000,
      paymentMethod: 30_000_000,
      serviceId: 120_000_000,
      subscription: 100_000,
      task: 7_000_000,
      cartItem: 300_000_000,
      configuration: 90_000_000,
      order: 210_000_000,
      orderDetail: 480_000_000,
    },
    accounts: {},
    applications: {},
    consumerKeys: {},
    oauthClients: {},
    tokens: {},
    tenants: {},
    carts: {},
    orders: {},
  };
}

/** Next value of a sequence (ids are never reused, even across restarts). */
export function nextId(state: State, name: keyof Sequences): number {
  state.seq[name] += 1;
  return state.seq[name];
}
