// What every operation receives from its front end: the port, progress, cancellation, a clock. The
// account of the credentials is looked up once per context and is the first thing every operation
// compares with the state (the ownership guard).
import { ownershipMismatch, ResourceError } from "./errors.js";
import type { CheckFailure, Plan } from "./plan.js";
import type { Account, Csp2Port } from "./port.js";
import type { ReadCache } from "./reads.js";

export interface OperationContext {
  api: Csp2Port;
  /** One line per step of long work (Pulumi: log.info; Terraform: tflog; CLI: a progress bar). */
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
  now?: () => Date;
  /** The account of the credentials, when the front end already knows it (saves a `GET /me`). */
  account?: Account;
  /**
   * What this run has read (reads.ts): front ends pass one per API client and process, so every
   * resource of an engine run shares it; without one, each context reads for itself.
   */
  reads?: ReadCache;
}

export function nowOf(ctx: OperationContext): Date {
  return ctx.now ? ctx.now() : new Date();
}

export function progress(ctx: OperationContext, message: string): void {
  ctx.onProgress?.(message);
}

/** The account of the credentials: looked up once per context (front ends pass it in). */
export async function currentAccount(ctx: OperationContext): Promise<Account> {
  if (!ctx.account) ctx.account = await ctx.api.whoAmI();
  return ctx.account;
}

/** The ownership guard: the state's account must be the credentials' account, before any other call. */
export async function guardOwnership(
  ctx: OperationContext,
  kind: "tenant" | "subscription",
  id: string,
  owner: string | null | undefined,
): Promise<Account> {
  const account = await currentAccount(ctx);
  if (owner && owner !== account.nic) {
    throw ownershipMismatch({ kind, id, owner, current: account.nic });
  }
  return account;
}

/** Turns a refused plan into the error to throw (the first refusal's code, every refusal's message). */
export function planRefused(plan: Pick<Plan, "refusals">): ResourceError {
  const first = plan.refusals[0]!;
  const what = plan.refusals.map((r) => r.message).join(" ");
  return new ResourceError({
    code: first.code,
    kind: "refusal",
    property: first.property,
    what,
    why: /nothing (was|is|will be) (ordered|changed|bought)/i.test(what)
      ? ""
      : "Nothing was ordered or changed.",
    todo: "",
  });
}

/** Bad input found by an operation (e.g. a licence not orderable): the check failures as one error. */
export function checkFailed(failures: CheckFailure[]): ResourceError {
  return new ResourceError({
    code: "INVALID_INPUT",
    kind: "refusal",
    property: failures[0]?.property,
    what: failures.map((f) => `${f.property} ${f.reason}.`).join(" "),
    why: "Nothing was ordered.",
    todo: "Correct the input and run again.",
  });
}
