// What a subscription's status says. OVHcloud types it as a free string (saas.csp2.OfficeSubscription
// status): the values below are the emulator's and Microsoft's obvious spellings; anything else is
// taken for neither ended nor failed, and a plan never takes it for "active" where that matters.

/**
 * Statuses of a subscription that has ended. OVHcloud's real strings are unconfirmed (the emulator
 * removes a cancelled subscription): an ended subscription reads as gone and is never adopted.
 */
export function hasEnded(status: string): boolean {
  return /^(deleted|deleting|cancell?ed|terminated|expired|disabled)$/i.test(status.trim());
}

/**
 * A subscription whose order ended in error (its creation task failed): it exists but holds no working
 * seats. It is never taken for a purchase, never adopted, and a plan replaces it.
 */
export function isFailedOrder(status: string): boolean {
  return /^error$/i.test(status.trim());
}

/** Still being delivered (its creation task runs): an add-on waits for its parent to leave it. */
export function isBeingCreated(status: string): boolean {
  return /^(creating|pending|todo|doing)$/i.test(status.trim());
}

/** The status recorded by a create that stopped after the subscription came to exist. */
export const PARTIAL_SUBSCRIPTION_STATUS = "unknown";

/** Whether the state was recorded by a create that did not finish (its outputs may be stale). */
export function isPartialSubscriptionState(state: { status: string }): boolean {
  return state.status === PARTIAL_SUBSCRIPTION_STATUS;
}
