// Drives the provider process like an engine would: encode the engine's values, call one RPC, decode
// the answer. One provider process per account (as engines start one per provider configuration).
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { decodeDynamic, encodeDynamic, type TfValue } from "../../provider/terraform/codec.js";
import { DATA_SOURCES, RESOURCES } from "../../provider/terraform/provider.js";
import type { TfObject } from "../../provider/terraform/values.js";
import type { AttributePath, Diagnostic, DynamicValue } from "../../provider/terraform/wire.js";
import { PluginClient, type PluginClientOptions } from "./plugin-client.js";

export async function startWorld(): Promise<EmulatorHandle> {
  return startEmulator({ port: 0, taskSeconds: 0.3, orderStepSeconds: 0.3, log: () => {} });
}

export function credentialsEnv(em: EmulatorHandle, creds: AccountCredentials): Record<string, string> {
  return {
    OVH_ENDPOINT: em.url,
    OVH_APPLICATION_KEY: creds.applicationKey,
    OVH_APPLICATION_SECRET: creds.applicationSecret,
    OVH_CONSUMER_KEY: creds.consumerKey,
    // No ovh.conf of the machine leaks in.
    HOME: "/nonexistent",
  };
}

const nullValue = encodeDynamic(null, "dynamic");

export interface Outcome {
  state: TfObject | null;
  diagnostics: Diagnostic[];
  requiresReplace?: string[][];
  /** The private bytes the provider returned (ReadResource: `private`; PlanResourceChange: `planned_private`). */
  private?: Buffer | undefined;
}

export class Engine {
  constructor(readonly plugin: PluginClient) {}

  static async start(env: Record<string, string>, options: PluginClientOptions = {}): Promise<Engine> {
    return new Engine(await PluginClient.start({ ...options, env: { ...env, ...options.env } }));
  }

  private type(resource: string) {
    const r = RESOURCES[resource];
    if (!r) throw new Error(`no resource ${resource}`);
    return r.type;
  }

  private enc(resource: string, value: TfValue): DynamicValue {
    return value === null ? nullValue : encodeDynamic(value, this.type(resource));
  }

  private dec(resource: string, value: DynamicValue | undefined): TfObject | null {
    return decodeDynamic(value, this.type(resource)) as TfObject | null;
  }

  async configure(config: TfObject = {}): Promise<Diagnostic[]> {
    const full = {
      endpoint: null,
      application_key: null,
      application_secret: null,
      consumer_key: null,
      client_id: null,
      client_secret: null,
      ...config,
    };
    const r = await this.plugin.call<{ diagnostics: Diagnostic[] }>("ConfigureProvider", {
      terraform_version: "1.12.6",
      config: encodeDynamic(full, [
        "object",
        Object.fromEntries(Object.keys(full).map((k) => [k, "string"])),
      ]),
    });
    return r.diagnostics;
  }

  async validate(resource: string, config: TfObject): Promise<Diagnostic[]> {
    const r = await this.plugin.call<{ diagnostics: Diagnostic[] }>("ValidateResourceConfig", {
      type_name: resource,
      config: this.enc(resource, config),
    });
    return r.diagnostics;
  }

  /** What the engine proposes: the config, with the prior's computed values where the config has null. */
  proposed(resource: string, prior: TfObject | null, config: TfObject | null): TfObject | null {
    if (config === null) return null;
    const r = RESOURCES[resource]!;
    const out: TfObject = { ...config };
    for (const a of r.schema.attributes) {
      if (a.computed && !a.optional && !a.required) out[a.name] = prior?.[a.name] ?? null;
    }
    return out;
  }

  /** `priorPrivate`: what the engine kept with the prior state (a ReadResource's `private`). */
  async plan(
    resource: string,
    prior: TfObject | null,
    config: TfObject | null,
    priorPrivate?: Buffer,
  ): Promise<Outcome> {
    const r = await this.plugin.call<{
      planned_state?: DynamicValue;
      requires_replace: AttributePath[];
      diagnostics: Diagnostic[];
      planned_private?: Buffer;
    }>("PlanResourceChange", {
      type_name: resource,
      prior_state: this.enc(resource, prior),
      proposed_new_state: this.enc(resource, this.proposed(resource, prior, config)),
      config: this.enc(resource, config),
      prior_private: priorPrivate ?? Buffer.alloc(0),
    });
    return {
      state: this.dec(resource, r.planned_state),
      diagnostics: r.diagnostics,
      requiresReplace: r.requires_replace.map((p) =>
        p.steps.map((s) => (s as { attribute_name: string }).attribute_name),
      ),
      private: r.planned_private,
    };
  }

  /** `plannedPrivate`: the plan's `planned_private`, as an engine hands it to the apply. */
  async apply(
    resource: string,
    prior: TfObject | null,
    planned: TfObject | null,
    config: TfObject | null,
    plannedPrivate?: Buffer,
  ): Promise<Outcome> {
    const r = await this.plugin.call<{
      new_state?: DynamicValue;
      diagnostics: Diagnostic[];
      private?: Buffer;
    }>("ApplyResourceChange", {
      type_name: resource,
      prior_state: this.enc(resource, prior),
      planned_state: this.enc(resource, planned),
      config: this.enc(resource, config),
      planned_private: plannedPrivate ?? Buffer.alloc(0),
    });
    return { state: this.dec(resource, r.new_state), diagnostics: r.diagnostics, private: r.private };
  }

  /**
   * Plan then apply, failing on error diagnostics of the plan (as an engine would stop); the plan's
   * private bytes go to the apply, as an engine hands them on.
   */
  async planApply(
    resource: string,
    prior: TfObject | null,
    config: TfObject | null,
    priorPrivate?: Buffer,
  ): Promise<Outcome> {
    const plan = await this.plan(resource, prior, config, priorPrivate);
    const errors = plan.diagnostics.filter((d) => d.severity === 1);
    if (errors.length > 0) throw new Error(`plan failed: ${errors.map((e) => e.summary).join("; ")}`);
    return this.apply(resource, prior, plan.state, config, plan.private);
  }

  async read(resource: string, current: TfObject, priorPrivate?: Buffer): Promise<Outcome> {
    const r = await this.plugin.call<{
      new_state?: DynamicValue;
      diagnostics: Diagnostic[];
      private?: Buffer;
    }>("ReadResource", {
      type_name: resource,
      current_state: this.enc(resource, current),
      private: priorPrivate ?? Buffer.alloc(0),
    });
    return { state: this.dec(resource, r.new_state), diagnostics: r.diagnostics, private: r.private };
  }

  async importState(resource: string, id: string): Promise<Outcome> {
    const r = await this.plugin.call<{
      imported_resources: { type_name: string; state: DynamicValue }[];
      diagnostics: Diagnostic[];
    }>("ImportResourceState", { type_name: resource, id });
    return { state: this.dec(resource, r.imported_resources[0]?.state), diagnostics: r.diagnostics };
  }

  async readData(source: string, config: TfObject): Promise<Outcome> {
    const type = DATA_SOURCES[source]!.type;
    const r = await this.plugin.call<{ state?: DynamicValue; diagnostics: Diagnostic[] }>("ReadDataSource", {
      type_name: source,
      config: encodeDynamic(config, type),
    });
    return { state: decodeDynamic(r.state, type) as TfObject | null, diagnostics: r.diagnostics };
  }

  stop(): Promise<number | null> {
    return this.plugin.shutdown();
  }
}

export const errorsOf = (d: Diagnostic[]) => d.filter((x) => x.severity === 1);
export const warningsOf = (d: Diagnostic[]) => d.filter((x) => x.severity === 2);
/** A diagnostic's attribute path as text: `contact.email`, `licenses[0].quantity`. */
export const pathOf = (d: Diagnostic) =>
  (d.attribute?.steps ?? [])
    .map((s) =>
      "element_key_int" in s
        ? `[${s.element_key_int}]`
        : `.${(s as { attribute_name: string }).attribute_name}`,
    )
    .join("")
    .replace(/^\./, "");

/** A tenant config as HCL would give it: every attribute, null where unset. */
export function tenantConfig(over: TfObject = {}, contact: TfObject = {}): TfObject {
  return {
    display_name: "ACME GmbH",
    mpn_id: "1234567",
    contact: {
      first_name: "Anna",
      last_name: "Muster",
      email: "it@acme.example",
      phone: "+49 30 1234567",
      address: "Hauptstr. 1",
      city: "Berlin",
      zip_code: "10115",
      ...contact,
    },
    subdomain: null,
    licenses: null,
    allow_replacement: null,
    allow_termination: null,
    adopt_service_name: null,
    timeouts: null,
    id: null,
    service_name: null,
    status: null,
    creation_date: null,
    admin_portal_url: null,
    ovh_account: null,
    order_id: null,
    has_accepted_new_mca: null,
    ...over,
  };
}

/** The o365reseller_tenant data source's config for a service name: the outputs unknown yet (null). */
export function tenantDataConfig(serviceName: string): TfObject {
  return {
    service_name: serviceName,
    display_name: null,
    mpn_id: null,
    contact: null,
    status: null,
    creation_date: null,
    admin_portal_url: null,
    ovh_account: null,
    has_accepted_new_mca: null,
  };
}

export function subscriptionConfig(over: TfObject = {}): TfObject {
  return {
    tenant: null,
    license: "Microsoft 365 Business Standard",
    quantity: 5,
    parent: null,
    adopt_subscription_id: null,
    timeouts: null,
    id: null,
    subscription_id: null,
    license_id: null,
    license_name: null,
    status: null,
    creation_date: null,
    last_update: null,
    ovh_account: null,
    ...over,
  };
}
