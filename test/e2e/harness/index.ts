/**
 * The e2e harness: real engines (scripts/engines.ts), throwaway dirs, captured commands.
 *
 *   import { PulumiProject, TofuProject, withEmulator } from "./harness/index.js";
 */
import {
  type AccountCredentials,
  type EmulatorHandle,
  type EmulatorOptions,
  startEmulator,
} from "../../../emulator/index.js";

export { engines } from "./engines.js";
export {
  type PreviewDigest,
  type PreviewStep,
  type PulumiFn,
  PulumiProject,
  type PulumiProjectOptions,
  type PulumiRunOptions,
  pulumiEnv,
} from "./pulumi.js";
export {
  CommandError,
  failing,
  fixturePath,
  formatFailure,
  makeWorkdir,
  printed,
  REPO_ROOT,
  type RunOptions,
  type RunResult,
  run,
  runUnchecked,
  type Workdir,
} from "./run.js";
export {
  O365R_PROVIDER_SOURCE,
  type PlanJson,
  type ResourceChange,
  TofuProject,
  type TofuProjectOptions,
  type TofuRunOptions,
  tofuCliConfig,
  tofuEnv,
} from "./tofu.js";
export type { AccountCredentials, EmulatorHandle, EmulatorOptions };

/**
 * Runs `fn` with an OVH API emulator on an ephemeral loopback port (emulator/ `startEmulator({ port: 0 })`)
 * and stops it afterwards, even when `fn` throws. Give the engines `ovhEnv(emulator, credentials)` as
 * `env` (PulumiProject.create / TofuProject.create) so providers they start talk to it.
 */
export async function withEmulator<T>(
  fn: (emulator: EmulatorHandle) => Promise<T>,
  options: EmulatorOptions = {},
): Promise<T> {
  const emulator = await startEmulator({ port: 0, ...options });
  try {
    return await fn(emulator);
  } finally {
    await emulator.stop();
  }
}

/**
 * The environment variables OVHcloud's own tools read (DESIGN.md), pointing at an emulator account:
 * API-key credentials by default, OAuth2 client credentials with `{ oauth2: true }`. With them, the
 * client's pace for the emulator, which has no fair-use limit: the provider processes of one tofu
 * command share one budget per credential, which the default 60 a minute would make the suite wait on
 * (Pulumi stacks set the same pace in their stack config).
 */
export function ovhEnv(
  emulator: Pick<EmulatorHandle, "url">,
  credentials: AccountCredentials,
  opts: { oauth2?: boolean } = {},
): Record<string, string> {
  const pace = { O365R_REQUESTS_PER_MINUTE: "6000" };
  if (opts.oauth2) {
    return {
      ...pace,
      OVH_ENDPOINT: emulator.url,
      OVH_CLIENT_ID: credentials.clientId,
      OVH_CLIENT_SECRET: credentials.clientSecret,
    };
  }
  return {
    ...pace,
    OVH_ENDPOINT: emulator.url,
    OVH_APPLICATION_KEY: credentials.applicationKey,
    OVH_APPLICATION_SECRET: credentials.applicationSecret,
    OVH_CONSUMER_KEY: credentials.consumerKey,
  };
}
