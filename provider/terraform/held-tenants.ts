// Which tenants the resources of a state hold, as the engine has shown them to this machine.
//
// Terraform names no resource before it exists, so every tenant create of an account searches the same
// attempts (provider/resources/tenant/order.ts, "shared" scope), and a finished attempt whose inputs
// resemble this resource's is refused: it could be this resource's create whose state the engine lost,
// its inputs edited since. A tenant that an engine has shown in a resource's prior state (read, plan
// or apply of an existing resource) is that resource's: the engine persisted it, so it is not the lost
// create of another, and a create that only resembles it orders its own tenant.
// That is recorded here, per credential, in the machine's shared facts (one process plans, another
// applies), for as long as a finished attempt is looked at. A create's own result is never recorded:
// an engine that loses exactly that result is the case the refusal guards. Recording costs no call.
//
// Limits: a record lost (cache directory not writable, two processes writing at once) only means the
// refusal stays. An import planned through an `import` block shows its tenant as a prior state before
// any state is saved; should that plan never be applied and the tenant be another resource's lost
// create, that resource's next create within the day orders anew instead of being refused.
import type { MachineFacts } from "../ovh/machine-facts.js";
import { tenant } from "../resources/index.js";

export interface HeldTenants {
  /** An engine showed this tenant in a resource's prior state. */
  record(serviceName: string): void;
  /** Whether an engine showed it so on this machine within the last DONE_WINDOW_MS. */
  has(serviceName: string): boolean;
}

export function heldTenants(facts: MachineFacts): HeldTenants {
  // Written once per process: a plan shows every resource again, and each write rewrites the file.
  const recorded = new Set<string>();
  return {
    record(serviceName) {
      if (serviceName === "" || recorded.has(serviceName)) return;
      recorded.add(serviceName);
      facts.set(serviceName, true, tenant.DONE_WINDOW_MS);
    },
    has: (serviceName) => recorded.has(serviceName) || facts.get(serviceName) === true,
  };
}
