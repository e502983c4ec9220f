// Every refusal and failure of the resource core, each a named factory. A message says what happened,
// why, and what to do, in words a reseller understands. Messages are built from names, ids, account
// handles and the server's own (already redacted) message: never a credential, a body or a header.
//
// This is the one error family front ends see: every failure of the port (the client's OvhError
// family) is turned into a ResourceError here, recognised by its class, never by its name.
import {
  OvhConfigError,
  OvhError,
  OvhInputError,
  OvhListingError,
  OvhNetworkError,
  OvhOperationError,
  OvhResponseShapeError,
  OvhTaskError,
  OvhWaitTimeoutError,
} from "../ovh/errors.js";

export type ResourceErrorKind = "refusal" | "failure" | "timeout";

export interface ResourceErrorFields {
  /** Stable machine-readable code, e.g. `OWNERSHIP_MISMATCH`; front ends and tests match on it. */
  code: string;
  kind: ResourceErrorKind;
  what: string;
  why: string;
  todo: string;
  /** The input the refusal is about, as a dotted path (e.g. `contact.email`, `subdomain`). */
  property?: string | undefined;
  /** OVHcloud query id of the API answer behind the failure, when there was one. */
  queryId?: string | undefined;
}

/** A refusal or failure as plain data: what a plan carries and what front ends print. */
export interface Refusal {
  code: string;
  property?: string | undefined;
  message: string;
}

export class ResourceError extends Error {
  override name = "ResourceError";
  readonly code: string;
  readonly kind: ResourceErrorKind;
  readonly what: string;
  readonly why: string;
  readonly todo: string;
  readonly property: string | undefined;
  readonly queryId: string | undefined;
  constructor(fields: ResourceErrorFields, options?: { cause?: unknown }) {
    const tail = fields.queryId ? ` (OVHcloud query id ${fields.queryId})` : "";
    super(`${fields.what} ${fields.why} ${fields.todo}${tail}`.trim(), options);
    this.code = fields.code;
    this.kind = fields.kind;
    this.what = fields.what;
    this.why = fields.why;
    this.todo = fields.todo;
    this.property = fields.property;
    this.queryId = fields.queryId;
  }
  toRefusal(): Refusal {
    return { code: this.code, property: this.property, message: this.message };
  }
}

/**
 * A create failed after the remote object came to exist. `id` and `state` are what a front end records
 * (Pulumi: an error carrying `id` + `properties` keeps the resource as created-but-failed; Terraform:
 * return the partial state with the error diagnostic), so that the next run reads it instead of
 * ordering again.
 */
export class PartialCreateError extends ResourceError {
  override name = "PartialCreateError";
  readonly id: string;
  readonly state: Record<string, unknown>;
  /**
   * The object exists but its creation failed at OVHcloud (a subscription whose order ended in error):
   * the next plan replaces it. Terraform records it tainted; Pulumi as created with an error.
   */
  readonly failed: boolean;
  constructor(id: string, state: Record<string, unknown>, reason: unknown) {
    const inner = reason instanceof Error ? reason.message : String(reason);
    const own = reason instanceof ResourceError && reason.code === "SUBSCRIPTION_ORDER_FAILED";
    super(
      own
        ? {
            code: reason.code,
            kind: "failure",
            what: reason.what,
            why: reason.why,
            todo: reason.todo,
          }
        : {
            code: "PARTIAL_CREATE",
            kind: "failure",
            what: `${id} was created, but the create did not finish: ${inner}`,
            why: "The object exists at OVHcloud and is recorded in the state as it was last seen.",
            todo: "Run apply again: it reads it and carries on from there; nothing will be ordered twice.",
            queryId: apiFields(reason)?.queryId,
          },
      { cause: reason },
    );
    this.id = id;
    this.state = state;
    this.failed = own;
  }
}

type Kind = "tenant" | "subscription";

const refusal = (f: Omit<ResourceErrorFields, "kind">) => new ResourceError({ ...f, kind: "refusal" });
const failure = (f: Omit<ResourceErrorFields, "kind">, cause?: unknown) =>
  new ResourceError({ ...f, kind: "failure" }, { cause });

function describe(kind: Kind, id: string): string {
  return kind === "tenant" ? `Tenant ${id}` : `Subscription ${id}`;
}

// ---- ownership -------------------------------------------------------------------------------------

export function ownershipMismatch(args: {
  kind: Kind;
  id: string;
  owner: string;
  current: string;
  property?: string;
}): ResourceError {
  const licences = args.kind === "tenant" ? "the licences" : "this licence";
  return refusal({
    code: "OWNERSHIP_MISMATCH",
    property: args.property,
    what: `${describe(args.kind, args.id)} belongs to OVHcloud account ${args.owner} but these credentials are for ${args.current}.`,
    why: "A tenant cannot move between OVHcloud accounts, so this is never planned as a replace or a recreate.",
    todo: `Use credentials of ${args.owner} for this resource, or end it on ${args.owner} and order ${licences} again on ${args.current}.`,
  });
}

export function tenantNotInAccount(args: {
  serviceName: string;
  current: string;
  property?: string;
}): ResourceError {
  return refusal({
    code: "TENANT_NOT_IN_ACCOUNT",
    property: args.property ?? "tenant",
    what: `Tenant ${args.serviceName} is not visible to OVHcloud account ${args.current}.`,
    why: "It does not exist, or it belongs to another OVHcloud account (the API answers the same in both cases), and a tenant cannot move between accounts.",
    todo: `Check the service name, or use the credentials of the account that owns ${args.serviceName}; to move the licences, end them there and order them again on ${args.current}.`,
  });
}

export function subscriptionNotInAccount(args: {
  id: string;
  tenant: string;
  current: string;
}): ResourceError {
  return refusal({
    code: "SUBSCRIPTION_NOT_IN_ACCOUNT",
    property: "id",
    what: `Subscription ${args.id} is not visible to OVHcloud account ${args.current}.`,
    why: "It does not exist, or its tenant belongs to another OVHcloud account (the API answers the same in both cases).",
    todo: `Check the id (<tenant service name>/<subscription id>), or use the credentials of the account that owns ${args.tenant}.`,
  });
}

export function ownershipUnconfirmed(args: { kind: Kind; id: string; current: string }): ResourceError {
  return failure({
    code: "OWNERSHIP_UNCONFIRMED",
    what: `${describe(args.kind, args.id)} was not found by OVHcloud account ${args.current}, and the state does not record which account owns it.`,
    why: "The API answers 'not found' both for an object that is gone and for one of another account, so concluding 'gone' could plan a second order.",
    todo: "If it really was ended, remove it from the state (Pulumi: `pulumi state delete`; Terraform: `terraform state rm`); otherwise use the credentials of the owning account.",
  });
}

// ---- tenant refusals -------------------------------------------------------------------------------

export function subdomainChangeRefused(args: {
  serviceName: string;
  from?: string;
  to?: string;
}): ResourceError {
  const show = (v?: string) => (v ? `"${v}"` : "none");
  return refusal({
    code: "SUBDOMAIN_CHANGE_REFUSED",
    property: "subdomain",
    what: `The sub-domain of tenant ${args.serviceName} would change from ${show(args.from)} to ${show(args.to)}.`,
    why: "The sub-domain is chosen at order time only: a new sub-domain means a new Microsoft tenant, and the customer loses the current one with its users and data.",
    todo: "Put the sub-domain back, or set allowReplacement: true to order a new tenant (the old one is then ended; that needs allowTermination: true applied first).",
  });
}

export function replaceNotUpdate(args: { kind: Kind; id: string; replaces: string[] }): ResourceError {
  return failure({
    code: "REPLACE_NOT_UPDATE",
    property: args.replaces[0],
    what: `${describe(args.kind, args.id)} needs a replace (${args.replaces.join(", ")}), not an update.`,
    why: "The engine called update for a change the diff planned as a replace.",
    todo: "Run the plan again; report this if it repeats.",
  });
}

export function replacementNeedsTermination(args: { serviceName: string }): ResourceError {
  return refusal({
    code: "REPLACEMENT_NEEDS_TERMINATION",
    property: "allowTermination",
    what: `Replacing tenant ${args.serviceName} would order a new tenant and then end ${args.serviceName}.`,
    why: "Ending a tenant needs allowTermination: true in the stored state; without it the new tenant would be bought and the old one could not be ended, leaving the customer with two.",
    todo: "Set allowTermination: true and apply once (no API call), then apply the sub-domain change with allowReplacement: true.",
  });
}

export function tenantDeletionRefused(args: { serviceName: string }): ResourceError {
  return refusal({
    code: "TENANT_DELETION_REFUSED",
    property: "allowTermination",
    what: `Tenant ${args.serviceName} would be deleted.`,
    why: "Ending a tenant ends the customer's Microsoft 365 service and cannot be undone.",
    todo: "Set allowTermination: true and apply once (no API call), then delete: the tenant is ended at its expiry date. To stop managing it without ending it, use Pulumi's retainOnDelete or a Terraform `removed` block.",
  });
}

export function tenantTerminationUnavailable(args: { serviceName: string }): ResourceError {
  return refusal({
    code: "TENANT_TERMINATION_UNAVAILABLE",
    what: `Tenant ${args.serviceName} cannot be set to end at expiry.`,
    why: "OVHcloud reports that this service cannot be deleted at expiration (canDeleteAtExpiration is false).",
    todo: "End it from the OVHcloud control panel or ask OVHcloud support, then remove it from the state.",
  });
}

export function mcaNotAccepted(args: {
  serviceName: string;
  action: string;
  property?: string;
}): ResourceError {
  return refusal({
    code: "MCA_NOT_ACCEPTED",
    property: args.property,
    what: `${args.action} in tenant ${args.serviceName} is refused.`,
    why: "The customer has not accepted the new Microsoft Customer Agreement (2025), and until they do Microsoft allows no purchase and no change of seats.",
    todo: "Have the customer accept the agreement in the Microsoft admin portal, refresh, then apply again.",
  });
}

/**
 * A purchase or seat change in a tenant whose status is not `ok`: creating, suspended, in maintenance…
 * or a status OVHcloud added after its published list, which o365r must not take for `ok`.
 */
export function tenantNotActive(args: {
  serviceName: string;
  status: string;
  /** Whether the status is one of OVHcloud's published `saas.csp2.ServiceStateEnum` values. */
  published: boolean;
  action: string;
  property?: string;
}): ResourceError {
  return refusal({
    code: "TENANT_NOT_ACTIVE",
    property: args.property,
    what: `${args.action} in tenant ${args.serviceName} is refused.`,
    why: args.published
      ? `OVHcloud reports the tenant as "${args.status}", and licences can be bought or changed only while it is "ok".`
      : `OVHcloud reports the tenant as "${args.status}", a status outside its published list: o365r cannot tell what it allows, so it changes nothing rather than take it for "ok".`,
    todo: 'Check the tenant in the OVHcloud control panel; once it is "ok", refresh and apply again.',
  });
}

// ---- tenant ordering -------------------------------------------------------------------------------

export function ambiguousOrders(args: { key: string; orderIds: number[] }): ResourceError {
  return refusal({
    code: "AMBIGUOUS_ORDERS",
    what: `A previous attempt of this create checked out an order, and ${args.orderIds.length} recent orders match it (${args.orderIds.join(", ")}).`,
    why: "Adopting the wrong one would manage another customer's tenant, and ordering again would pay twice.",
    todo: "Find the tenant this resource ordered in the OVHcloud control panel and set adoptServiceName to its service name.",
  });
}

/** Several earlier attempts could be this resource's: taking one could be taking another's. */
export function ambiguousAttempts(args: { candidates: string[]; finished: boolean }): ResourceError {
  return refusal({
    code: "AMBIGUOUS_ATTEMPTS",
    what: `${args.candidates.length} earlier attempts to order a tenant could be this resource's: ${args.candidates.join("; ")}.`,
    why: "Their inputs resemble this resource's equally, so taking one could give this resource another customer's tenant, and ordering again could pay twice. Nothing was ordered.",
    todo: args.finished
      ? "Set adoptServiceName to the service name of the one that is this resource's tenant."
      : "Set adoptServiceName to the service name of the one that is this resource's tenant (a tenant still being delivered shows its service name in the OVHcloud control panel's orders once delivered), or give this resource the inputs that order was placed with and run again.",
  });
}

/**
 * A tenant that a finished create ordered resembles this resource without being the same: it is either
 * this resource's (finished, not recorded by the engine, inputs edited since) or another resource's.
 */
export function attemptUncertain(args: {
  candidates: string[];
  scope: "resource" | "shared";
  until: string;
}): ResourceError {
  const which = args.candidates.length === 1 ? "A tenant" : "Tenants";
  return refusal({
    code: "ATTEMPT_UNCERTAIN",
    what: `${which} ordered by an earlier create that finished could be this resource's: ${args.candidates.join("; ")}.`,
    why:
      args.scope === "resource"
        ? "The earlier create of this resource's name finished with other inputs: either its state was lost and the inputs were edited since, or the name was used before for another tenant. Adopting could take over another customer's tenant, ordering again could pay twice. Nothing was ordered."
        : "Either it is this resource's tenant (its create finished, the engine did not record it, and the inputs were edited since), or it belongs to another resource with similar inputs. Adopting could take over another customer's tenant, ordering again could pay twice. Nothing was ordered.",
    todo:
      args.scope === "resource"
        ? `If it is this resource's tenant, set adoptServiceName to its service name. If it is not, give this resource another name, or run again after ${args.until}, when this check no longer applies.`
        : `If it is this resource's tenant, set adoptServiceName to its service name. If it is not, run again after ${args.until}, when this check no longer applies.`,
  });
}

/** The order was delivered but could not be marked as finished: the create is not done yet. */
export function doneMarkFailed(
  args: { serviceName: string; orderId: number },
  cause: unknown,
): ResourceError {
  const api = apiFields(cause);
  return failure(
    {
      code: "ORDER_NOT_MARKED",
      what: `Tenant ${args.serviceName} (order ${args.orderId}) was delivered, but marking its order as finished failed: ${serverMessage(cause)}.`,
      why: "A finished order is marked so that no create of another resource ever takes its tenant for its own.",
      todo: `Run again: the run finds order ${args.orderId} and takes tenant ${args.serviceName}; nothing is ordered twice.`,
      queryId: api?.queryId,
    },
    cause,
  );
}

export function checkedOutOrderNotFound(args: { key: string; cartId: string }): ResourceError {
  return failure({
    code: "ORDER_NOT_FOUND",
    what: `A previous attempt of this create checked out cart ${args.cartId}, but no matching order was found among recent orders.`,
    why: "The order history may lag behind the checkout, or the order was cancelled; ordering again could pay twice.",
    todo: "Wait a few minutes and run again. If it persists, look for the order in the OVHcloud control panel and adopt its tenant with adoptServiceName.",
  });
}

export function orderFailed(args: { orderId: number; status: string }): ResourceError {
  const why: Record<string, string> = {
    cancelled: "OVHcloud cancelled the order.",
    cancelling: "OVHcloud is cancelling the order.",
    documentsRequested: "OVHcloud asks for documents before it delivers.",
    notPaid: "The order is not paid.",
    unknown: "OVHcloud reports the order's state as unknown.",
  };
  return failure({
    code: "ORDER_FAILED",
    what: `Order ${args.orderId} was not delivered (status "${args.status}").`,
    why: why[args.status] ?? "OVHcloud did not deliver it.",
    todo: `Look at order ${args.orderId} in the OVHcloud control panel (Billing → Orders); once it is delivered, run again: the run finds it and adopts the tenant.`,
  });
}

export function noTenantPlan(): ResourceError {
  return failure({
    code: "NO_TENANT_PLAN",
    what: "OVHcloud offers no Office 365 Reseller (CSP2) plan in the cart.",
    why: "The account's subsidiary may not sell CSP2 (it exists on the EU API only).",
    todo: "Use credentials of an OVHcloud EU account enrolled as a CSP2 reseller.",
  });
}

/** Licences that cannot be ordered with the tenant (refusals of `matchLicences`), before checkout. */
export function licencesRefused(refusals: Refusal[]): ResourceError {
  return refusal({
    code: refusals[0]!.code,
    property: refusals[0]!.property,
    what: refusals.map((r) => r.message).join(" "),
    why: "Nothing was ordered: the order stopped before checkout.",
    todo: "Correct licenses and run again; the run resumes the same cart.",
  });
}

export function noOptionPrice(productName: string): ResourceError {
  return failure({
    code: "NO_OPTION_PRICE",
    what: `OVHcloud's cart offers the licence option ${productName} without a price to order it with.`,
    why: "Nothing was ordered: the order stopped before checkout.",
    todo: "Order the tenant without it and buy the licence with a subscription resource once the tenant exists.",
  });
}

/** The order could not be paid: refused before checkout, so that no unpayable order exists. */
export function noPaymentMethod(detail: string): ResourceError {
  return refusal({
    code: "NO_PAYMENT_METHOD",
    what: detail.replace(/\s*Nothing was ordered\.$/, ""),
    why: "Nothing was ordered: the order stopped before checkout.",
    todo: "Run again once the account can pay; the run resumes the same cart.",
  });
}

/** OVHcloud refused the checkout with a definite answer (4xx): no order exists. */
export function checkoutRefused(cartId: string, cause: unknown): ResourceError {
  const api = apiFields(cause);
  return refusal({
    code: "CHECKOUT_REFUSED",
    what: `OVHcloud refused the checkout of cart ${cartId}: ${serverMessage(cause)}.`,
    why: "Nothing was ordered; the cart stays open and the next run resumes it.",
    todo: "Correct what the message names (e.g. licenses) and run again.",
    queryId: api?.queryId,
  });
}

// ---- adoption --------------------------------------------------------------------------------------

export function adoptNotFound(args: {
  kind: Kind;
  id: string;
  current: string;
  property: string;
}): ResourceError {
  return refusal({
    code: "ADOPT_NOT_FOUND",
    property: args.property,
    what: `${describe(args.kind, args.id)} cannot be adopted: OVHcloud account ${args.current} does not see it.`,
    why: "It does not exist, or it belongs to another OVHcloud account; adoption never orders anything.",
    todo: `Check the value of ${args.property}, or use the credentials of the account that owns it.`,
  });
}

export function adoptMismatch(args: {
  id: string;
  property: string;
  expected: string;
  actual: string;
}): ResourceError {
  return refusal({
    code: "ADOPT_MISMATCH",
    property: args.property,
    what: `Subscription ${args.id} cannot be adopted for this resource: it is ${args.actual}, the resource declares ${args.expected}.`,
    why: "Adopting it would manage a different licence than the one declared.",
    todo: "Declare the licence and tenant the subscription really has, or adopt another subscription.",
  });
}

// ---- subscriptions ---------------------------------------------------------------------------------

export function subscriptionExists(args: {
  serviceName: string;
  subscriptionId: number;
  licenseName: string;
  quantity: number;
  creationDate: string;
}): ResourceError {
  return refusal({
    code: "SUBSCRIPTION_EXISTS",
    property: "license",
    what: `Tenant ${args.serviceName} already has subscription ${args.subscriptionId} of ${args.licenseName} (${args.quantity} seats, created ${args.creationDate}).`,
    why: "A tenant holds one subscription per licence; ordering another would buy the seats a second time, and taking over an older one silently could cancel seats you did not declare.",
    todo: `Adopt it with adoptSubscriptionId: ${args.subscriptionId} (then set quantity to the seats you want).`,
  });
}

export function seatReductionRefused(
  args: { serviceName: string; subscriptionId: number; from: number; to: number; windowStart?: string },
  cause: unknown,
): ResourceError {
  const since = args.windowStart ? ` (last purchase or seat addition seen: ${args.windowStart})` : "";
  return failure(
    {
      code: "SEAT_REDUCTION_REFUSED",
      property: "quantity",
      what: `Reducing subscription ${args.subscriptionId} of tenant ${args.serviceName} from ${args.from} to ${args.to} seats was refused: ${serverMessage(cause)}.`,
      why: `Microsoft allows seat reductions only within 168 hours (7 days) of a purchase, renewal or seat addition${since}.`,
      todo: "Keep the current quantity until the subscription renews, then reduce it within the first 7 days of the new term.",
      queryId: apiFields(cause)?.queryId,
    },
    cause,
  );
}

export function cancellationRefused(
  args: { serviceName: string; subscriptionId: number; windowStart?: string },
  cause: unknown,
): ResourceError {
  const since = args.windowStart ? ` (last purchase or seat addition seen: ${args.windowStart})` : "";
  return failure(
    {
      code: "CANCELLATION_REFUSED",
      what: `Cancelling subscription ${args.subscriptionId} of tenant ${args.serviceName} was refused: ${serverMessage(cause)}.`,
      why: `Microsoft allows a cancellation only within 168 hours (7 days) of a purchase or renewal${since}.`,
      todo: "Keep it until it renews and cancel within the first 7 days of the new term; to stop managing it now without cancelling, use Pulumi's retainOnDelete or a Terraform `removed` block.",
      queryId: apiFields(cause)?.queryId,
    },
    cause,
  );
}

export function newSeatsNotAllowed(args: { licenseName: string; serviceName: string }): ResourceError {
  return refusal({
    code: "NEW_SEATS_NOT_ALLOWED",
    property: "quantity",
    what: `Adding seats of ${args.licenseName} in tenant ${args.serviceName} is refused.`,
    why: "OVHcloud reports that this licence takes no new seats (newSeatsAllowed is false).",
    todo: "Keep the current quantity, or order another licence.",
  });
}

export function subscriptionCreateLost(args: { serviceName: string; licenseName: string }, cause: unknown) {
  return failure(
    {
      code: "SUBSCRIPTION_CREATE_UNCONFIRMED",
      what: `The order of ${args.licenseName} in tenant ${args.serviceName} got no answer, and no new subscription of it is listed yet.`,
      why: "OVHcloud may have received it; it was not sent again, since that could buy the seats twice.",
      todo: "Run apply again in a few minutes: it first looks for the subscription this order may have created and adopts it; nothing will be ordered twice.",
    },
    cause,
  );
}

/** OVHcloud answered an order with a definite refusal (4xx): nothing was bought. */
export function orderRefused(args: { serviceName: string; licenseName: string }, cause: unknown) {
  const api = apiFields(cause);
  return failure(
    {
      code: "ORDER_REFUSED",
      what: `OVHcloud refused the order of ${args.licenseName} in tenant ${args.serviceName}: ${serverMessage(cause)}.`,
      why: "Nothing was bought.",
      todo: "Correct what the message names and run apply again.",
      queryId: api?.queryId,
    },
    cause,
  );
}

/** A subscription's creation task ended in error: it exists, shows the failure, and holds no seats. */
export function subscriptionOrderFailed(args: {
  serviceName: string;
  subscriptionId: number;
  licenseName: string;
  taskId: number;
  status: string;
}): ResourceError {
  const id = `${args.serviceName}/${args.subscriptionId}`;
  return failure({
    code: "SUBSCRIPTION_ORDER_FAILED",
    what: `The order of ${args.licenseName} in tenant ${args.serviceName} ended in "${args.status}" at OVHcloud (task ${args.taskId}): subscription ${id} exists but holds no working seats.`,
    why: "OVHcloud or Microsoft did not deliver it; no working seats were bought.",
    todo: `Run apply again: it orders ${args.licenseName} again and cancels ${id}; nothing will be ordered twice.`,
  });
}

/** A seat change's task ended in error: OVHcloud did not change the seats. */
export function seatChangeFailed(args: {
  id: string;
  from: number;
  to: number;
  taskId: number;
  status: string;
}): ResourceError {
  return failure({
    code: "SEAT_CHANGE_FAILED",
    property: "quantity",
    what: `The seat change of subscription ${args.id} from ${args.from} to ${args.to} ended in "${args.status}" at OVHcloud (task ${args.taskId}).`,
    why: `OVHcloud did not carry it out: the subscription keeps ${args.from} seats, and nothing was bought.`,
    todo: `Run apply again: it asks for ${args.to} seats again; a seat count is a total, so nothing is bought twice.`,
  });
}

/** A seat change got no answer, and what OVHcloud shows afterwards is not the new total. */
export function seatChangeUnconfirmed(
  args: { id: string; from: number; to: number; seen: number | undefined },
  cause: unknown,
): ResourceError {
  return failure(
    {
      code: "SEAT_CHANGE_UNCONFIRMED",
      property: "quantity",
      what: `The seat change of subscription ${args.id} from ${args.from} to ${args.to} got no answer, and OVHcloud ${args.seen === undefined ? "does not list the subscription" : `still shows ${args.seen} seats`}.`,
      why: "The change was not applied, or not yet; a seat count is a total, so asking again cannot buy twice.",
      todo: "Run apply again: it reads the subscription first and asks for the declared seats only if they are not there yet; nothing will be ordered twice.",
    },
    cause,
  );
}

/** OVHcloud refuses a change while another task of the subscription runs (409). */
export function changeInProgress(args: { id: string; taskId?: number | undefined }, cause: unknown) {
  return failure(
    {
      code: "CHANGE_IN_PROGRESS",
      what: `Subscription ${args.id} has a change still running at OVHcloud${args.taskId ? ` (task ${args.taskId})` : ""}.`,
      why: "OVHcloud takes one change of a subscription at a time; nothing was changed by this run.",
      todo: "Run apply again in a few minutes, once that task has finished; nothing will be ordered twice.",
      queryId: apiFields(cause)?.queryId,
    },
    cause,
  );
}

// ---- generic ---------------------------------------------------------------------------------------

export function timedOut(args: { what: string; timeoutMs: number; setting: string }, cause?: unknown) {
  return new ResourceError(
    {
      code: "TIMEOUT",
      kind: "timeout",
      what: `${args.what} did not finish within ${formatMs(args.timeoutMs)}.`,
      why: "The work goes on at OVHcloud; nothing was ordered twice.",
      todo: `Run again later (the run resumes and waits), or raise ${args.setting}.`,
    },
    { cause },
  );
}

/**
 * A read (or a write that changed nothing: a definite 4xx) that failed. `operation` names the step and
 * the resource ("Reading tenant csp2-1a2b3c4d"); the message says what OVHcloud answered.
 */
export function apiFailure(operation: string, cause: unknown): ResourceError {
  if (cause instanceof ResourceError) return cause;
  const api = apiFields(cause);
  return failure(
    {
      code: "API_FAILURE",
      what: `${operation} failed: ${serverMessage(cause)}.`,
      why: api?.status
        ? `OVHcloud answered ${api.status}${api.errorClass ? ` ${api.errorClass}` : ""}.`
        : noUsableAnswer(cause)
          ? "OVHcloud could not be reached or gave no usable answer."
          : "o365-reseller stopped before or after the call; the message says why.",
      todo:
        api?.status && api.status < 500
          ? "Correct what the message names and run again."
          : "Run again; if it persists, check the endpoint and the OVHcloud status page.",
      queryId: api?.queryId,
    },
    cause,
  );
}

/** No answer (network, timeout) or one the client could not use (shape, paging): nothing definite. */
function noUsableAnswer(error: unknown): boolean {
  return (
    error instanceof OvhNetworkError ||
    error instanceof OvhResponseShapeError ||
    error instanceof OvhListingError ||
    !(error instanceof OvhError)
  );
}

/**
 * Any error, as the one family front ends show: a ResourceError as it is; anything else becomes an
 * API failure of `doing` (the client's errors), or says it is unexpected (a bug).
 */
export function toResourceError(error: unknown, doing: string): ResourceError {
  if (error instanceof ResourceError) return error;
  if (error instanceof OvhConfigError) {
    return new ResourceError(
      {
        code: "CONFIGURATION",
        kind: "refusal",
        what: error.message,
        why: "",
        todo: "",
      },
      { cause: error },
    );
  }
  if (error instanceof OvhError || apiFields(error)) return apiFailure(doing, error);
  const text = error instanceof Error ? error.message : String(error);
  return new ResourceError(
    {
      code: "UNEXPECTED",
      kind: "failure",
      what: `${doing} failed: ${text.replace(/\.$/, "")}.`,
      why: "This is not an answer of OVHcloud but an error in o365-reseller.",
      todo: "Run again; if it repeats, report it with this message.",
    },
    { cause: error },
  );
}

// ---- helpers on the client's errors (duck-typed: the core does not depend on the client) ------------

export interface ApiErrorView {
  status: number;
  errorClass?: string | undefined;
  serverMessage?: string | undefined;
  queryId?: string | undefined;
}

/** The fields of an `OvhApiError`, or undefined for anything else. */
export function apiFields(error: unknown): ApiErrorView | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as Record<string, unknown>;
  if (typeof e.status !== "number") return undefined;
  return {
    status: e.status,
    errorClass: typeof e.errorClass === "string" ? e.errorClass : undefined,
    serverMessage: typeof e.serverMessage === "string" ? e.serverMessage : undefined,
    queryId: typeof e.queryId === "string" ? e.queryId : undefined,
  };
}

export function isNotFound(error: unknown): boolean {
  return apiFields(error)?.status === 404;
}

const AUTH_REFUSALS = new Set(["NOT_GRANTED_CALL", "NOT_CREDENTIAL", "INVALID_KEY", "INVALID_CREDENTIAL"]);

/**
 * A Microsoft-rule refusal: 403 `Client::Forbidden::…` answered synchronously (docs/wire-contract.md),
 * not a 403 about the credentials themselves (a route not granted, an invalid key).
 */
export function isForbidden(error: unknown): boolean {
  const api = apiFields(error);
  return api?.status === 403 && !AUTH_REFUSALS.has(api.errorClass ?? "");
}

/**
 * Could a failed POST have been applied? Only a definite answer (4xx) says no. A 5xx, a reset, a timeout
 * or anything unrecognised may hide a write that happened: look before repeating.
 */
export function mayHaveApplied(error: unknown): boolean {
  if (typeof error === "object" && error !== null && "mayHaveApplied" in error) {
    const v = (error as { mayHaveApplied: unknown }).mayHaveApplied;
    if (typeof v === "boolean") return v;
  }
  const api = apiFields(error);
  if (api) return !(api.status >= 400 && api.status < 500);
  // The client refused before sending anything (bad argument, bad configuration).
  if (notSent(error)) return false;
  return true;
}

/** The client refused before sending anything: a bad argument or configuration. */
export function notSent(error: unknown): boolean {
  return error instanceof OvhInputError || error instanceof OvhConfigError;
}

/** The wait of the client ran out of time: the work goes on at OVHcloud. */
export function isWaitTimeout(error: unknown): boolean {
  return error instanceof OvhWaitTimeoutError;
}

/** A task that OVHcloud ended in `error` or `cancelled`: the change was not carried out. */
export function taskFailure(error: unknown): { taskId: number; status: string; fn: string } | undefined {
  return error instanceof OvhTaskError
    ? { taskId: error.taskId, status: error.taskStatus, fn: error.taskFunction }
    : undefined;
}

/** A step of the order flow that cannot go on, decided by the client before sending (e.g. no way to pay). */
export function isOperationRefusal(error: unknown): error is OvhOperationError {
  return error instanceof OvhOperationError && !(error instanceof OvhTaskError);
}

function serverMessage(error: unknown): string {
  const api = apiFields(error);
  if (api?.serverMessage) return api.serverMessage;
  if (error instanceof Error) return error.message.replace(/\.$/, "");
  return String(error);
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}
