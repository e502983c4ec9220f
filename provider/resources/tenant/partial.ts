// A tenant state recorded by a create that stopped after the tenant came to exist (its outputs were not
// read): the next plan reads the tenant, and apply records what it found, without a write.
import type { TenantState } from "./schema.js";

export const PARTIAL_TENANT_STATUS = "unknown";

/** Whether the state was recorded by a create that did not finish (its outputs are not read yet). */
export function isPartialTenantState(state: Pick<TenantState, "status">): boolean {
  return state.status === PARTIAL_TENANT_STATUS;
}
