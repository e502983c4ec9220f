// Each front end driven through its own entry for a row of the credential table:
// - Pulumi: Pulumi's dynamic-provider host (Configure with the stack config, then Check of a
//   subscription with the resource's `credentials`), as the engine drives it;
// - Terraform: the provider process over the plugin protocol (ConfigureProvider with the provider
//   arguments, then ReadDataSource), as OpenTofu drives it;
// - the CLI: the account connection of `o365r` (the `default` account of the OVH_* environment and
//   ovh.conf, as without an accounts file), asked who it is.
// The environment is fixed per process (and Pulumi's stack config too), so one host or provider
// process serves every row with the same OVH_* values; ovh.conf is written before each row (~/.ovh.conf for the child processes, ./ovh.conf
// of the CLI's working directory).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { selectAccounts } from "../../provider/cli/lib/accounts.js";
import { withConnection } from "../../provider/cli/lib/connect.js";
import { providers, SUBSCRIPTION_TYPE } from "../../provider/pulumi/common.js";
import type { TfObject } from "../../provider/terraform/values.js";
import { captureIo } from "../cli/harness.js";
import { type Host, HostError, serializeProvider, startHost } from "../pulumi/host.js";
import { Engine, errorsOf, tenantDataConfig } from "../terraform/provider-harness.js";
import type { Layer, Row } from "./credential-table.js";
import { type CredentialWorld, type Observation, writeOvhConf } from "./credential-world.js";

/** The layers each front end has: Terraform has no resource layer, the CLI no provider block either. */
export const LAYERS_OF = {
  pulumi: ["resource", "provider", "env", "file"],
  terraform: ["provider", "env", "file"],
  cli: ["env", "file"],
} as const satisfies Record<string, readonly Layer[]>;

export interface FrontEnd {
  name: string;
  /** The layers it has (rows using others do not apply to it). */
  layers: readonly Layer[];
  run(row: Row): Promise<Observation>;
  close(): Promise<void>;
}

/** Processes keyed by what they were started (or, for Pulumi's host, configured) with. */
function pool<K, T>(start: (key: K) => Promise<T>, stop: (t: T) => Promise<unknown>) {
  const started = new Map<string, Promise<T>>();
  return {
    get(key: K): Promise<T> {
      const id = JSON.stringify(key);
      let p = started.get(id);
      if (!p) {
        p = start(key);
        started.set(id, p);
      }
      return p;
    },
    async close() {
      await Promise.all([...started.values()].map(async (p) => stop(await p)));
    },
  };
}

export async function pulumiFrontEnd(world: CredentialWorld): Promise<FrontEnd> {
  const home = join(world.dir, "pulumi-home");
  mkdirSync(home, { recursive: true });
  const subText = await serializeProvider(providers.subscription);
  // The host configures a provider once per process (its first call), so the stack config is fixed
  // per process like the environment.
  const hosts = pool<{ env: Record<string, string>; stack: Record<string, string> }, Host>(
    async ({ env, stack }) => {
      const host = await startHost({ env: { ...env, HOME: home } });
      await host.configure({
        ...Object.fromEntries(Object.entries(stack).map(([k, v]) => [`o365-reseller:${k}`, v])),
        "o365-reseller:requestsPerMinute": "6000",
      });
      return host;
    },
    (h) => h.stop(),
  );
  const urn = `urn:pulumi:dev::proj::${SUBSCRIPTION_TYPE}::credential-table`;
  // A host keeps what it read for the life of its process (one engine run), per credential set: a
  // row whose credentials an earlier row of the same host already used would read nothing, and show
  // no signer. So each row asks about a tenant of its own (unknown to every account: a 404, signed).
  let rows = 0;
  return {
    name: "Pulumi",
    layers: LAYERS_OF.pulumi,
    async run(row) {
      const host = await hosts.get({ env: world.env(row), stack: world.camel(row, "provider") });
      writeOvhConf(world, row, join(home, ".ovh.conf"));
      const credentials = world.camel(row, "resource");
      world.em.clearCalls();
      try {
        const r = await host.check(
          urn,
          {},
          {
            __provider: subText,
            __urn: urn,
            tenant: `csp2-${(++rows).toString(16).padStart(8, "0")}`,
            license: "Microsoft 365 Business Basic",
            quantity: 1,
            ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
          },
        );
        // Credentials are checked for the resource as a whole: a failure without a property.
        const refusal = r.failures.find((f) => f.property === "");
        if (refusal) return { refusal: refusal.reason };
      } catch (error) {
        if (!(error instanceof HostError)) throw error;
        if (world.signers().length === 0) return { refusal: error.message };
      }
      return { signedBy: world.signers() };
    },
    close: () => hosts.close(),
  };
}

export async function terraformFrontEnd(world: CredentialWorld): Promise<FrontEnd> {
  const home = join(world.dir, "terraform-home");
  mkdirSync(home, { recursive: true });
  const engines = pool<Record<string, string>, Engine>(
    (env) => Engine.start({ ...env, HOME: home }),
    (e) => e.stop(),
  );
  return {
    name: "Terraform",
    layers: LAYERS_OF.terraform,
    async run(row) {
      const engine = await engines.get(world.env(row));
      writeOvhConf(world, row, join(home, ".ovh.conf"));
      const diagnostics = await engine.configure(world.values(row, "provider") as TfObject);
      const errors = errorsOf(diagnostics);
      if (errors.length > 0) return { refusal: errors.map((d) => d.detail).join(" ") };
      world.em.clearCalls();
      const read = await engine.readData("o365reseller_tenant", tenantDataConfig(world.tenant));
      const signers = world.signers();
      if (signers.length === 0)
        return {
          refusal: errorsOf(read.diagnostics)
            .map((d) => d.detail)
            .join(" "),
        };
      return { signedBy: signers };
    },
    close: () => engines.close(),
  };
}

export async function cliFrontEnd(world: CredentialWorld): Promise<FrontEnd> {
  const cwd = join(world.dir, "cli-cwd");
  const home = join(world.dir, "cli-home");
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
  return {
    name: "CLI",
    layers: LAYERS_OF.cli,
    async run(row) {
      writeOvhConf(world, row, join(cwd, "ovh.conf"));
      const { io } = captureIo({ env: { ...world.env(row), HOME: home }, cwd });
      const [account] = selectAccounts({}, io).accounts;
      world.em.clearCalls();
      try {
        await withConnection(account!, io, ({ api }) => api.whoAmI());
      } catch (error) {
        if (world.signers().length === 0) return { refusal: (error as Error).message };
      }
      return { signedBy: world.signers() };
    },
    close: async () => {},
  };
}
