/**
 * The engines the e2e global setup found or built (test/e2e/global-setup.ts), for use inside tests.
 */
import { inject } from "vitest";
import type { Engines } from "../../../scripts/engines.js";

declare module "vitest" {
  export interface ProvidedContext {
    engines: Engines;
  }
}

/** The engines for this run; only valid inside the e2e suite (vitest.e2e.config.ts). */
export function engines(): Engines {
  const e = inject("engines");
  if (!e) throw new Error("no engines provided: run the e2e suite with `npm run test:e2e`");
  return e;
}
