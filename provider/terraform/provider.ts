// The provider's RPCs: decode the engine's values, hand them to the resource type, encode the
// answer. Every failure becomes a diagnostic; nothing here decides anything about tenants or seats.
import { type Csp2Api, createCsp2Api, knownAccount } from "../csp2/index.js";
import { OvhConfigError } from "../ovh/errors.js";
import {
  configKeyOf,
  createOvhClient,
  describeSources,
  type OvhClient,
  type OvhCredentialsInput,
  resolveConfig,
  resolveEndpoint,
} from "../ovh/index.js";
import { type Account, type OperationContext, ReadCache } from "../resources/index.js";
import { decodeDynamic, encodeDynamic, fromJsonValue, parseJson, type TfValue } from "./codec.js";
import * as diag from "./diagnostics.js";
import type { Logger } from "./log.js";
import type { DataSourceType, ResourceType, Runtime } from "./resource-type.js";
import { typeOf } from "./resource-type.js";
import { licensesDataSource, tenantDataSource } from "./resources/data-sources.js";
import { subscriptionResource } from "./resources/subscription.js";
import { tenantResource } from "./resources/tenant.js";
import type { SchemaSpec } from "./schema-model.js";
import { toProtoSchema } from "./schema-wire.js";
import { providerSchema } from "./schemas.js";
import { hasUnknown, type TfObject, toCore } from "./values.js";
import type {
  AttributePath,
  Diagnostic,
  DynamicValue,
  GetProviderSchemaResponse,
  ProviderRpcs,
} from "./wire.js";

export const RESOURCES: Record<string, ResourceType> = {
  [tenantResource.name]: tenantResource,
  [subscriptionResource.name]: subscriptionResource,
};
export const DATA_SOURCES: Record<string, DataSourceType> = {
  [licensesDataSource.name]: licensesDataSource,
  [tenantDataSource.name]: tenantDataSource,
};

const providerType = typeOf(providerSchema);
for (const t of [...Object.values(RESOURCES), ...Object.values(DATA_SOURCES)]) diag.registerNames(t.schema);
const NULL_VALUE = () => encodeDynamic(null, "dynamic");

export interface ProviderOptions {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** ovh.conf files to read (default: the usual places). */
  configFiles?: readonly string[];
}

interface Configured {
  client: OvhClient;
  context: (signal: AbortSignal) => Promise<OperationContext>;
}

const CONFIG_ATTRIBUTE: Record<string, string> = {
  OVH_ENDPOINT: "endpoint",
  OVH_APPLICATION_KEY: "application_key",
  OVH_APPLICATION_SECRET: "application_secret",
  OVH_CONSUMER_KEY: "consumer_key",
  OVH_CLIENT_ID: "client_id",
  OVH_CLIENT_SECRET: "client_secret",
};

function asObject(value: TfValue): TfObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as TfObject) : null;
}

function unknownType(kind: string, name: string): Diagnostic {
  return diag.error(
    `Unknown ${kind} type ${name}`,
    `The o365reseller provider has no ${kind} named ${name}.`,
  );
}

export function createProvider(options: ProviderOptions): ProviderRpcs & { close(): Promise<void> } {
  const { logger } = options;
  let configured: Configured | undefined;
  let abort = new AbortController();
  let schemaResponse: GetProviderSchemaResponse | undefined;

  const runtime: Runtime = {
    logger,
    async context() {
      if (!configured) {
        throw new OvhConfigError(
          "The provider was used before it was configured; the engine calls ConfigureProvider first.",
        );
      }
      return configured.context(abort.signal);
    },
  };

  function configure(config: TfObject): Configured {
    const explicit = toCore(providerSchema, config) as OvhCredentialsInput;
    // The one rule (provider/ovh/config.ts): these arguments, else OVH_*, else ovh.conf, a credential
    // set whole from one of them. Messages name the arguments as the block spells them (application_secret).
    const resolved = resolveConfig({
      layers: [
        {
          kind: "provider",
          title: "the provider arguments",
          name: (field) => configKeyOf(field as keyof OvhCredentialsInput),
          values: explicit,
        },
      ],
      env: options.env ?? process.env,
      ...(options.configFiles ? { configFiles: options.configFiles } : {}),
    });
    const { report } = resolved;
    logger.debug("credentials resolved", {
      from: describeSources(report),
      ...(report.unused.length > 0 ? { not_used: report.unused.join(", ") } : {}),
    });
    const client = createOvhClient({ config: resolved });
    const csp2 = createCsp2Api(client);
    // The account as the processes of this machine learnt it minutes ago, else `GET /me` (csp2/account.ts).
    const api: Csp2Api = { ...csp2, whoAmI: () => knownAccount(client, csp2) };
    // What this provider process has read: shared by every resource of the engine's run (reads.ts).
    const reads = new ReadCache(api);
    let account: Account | undefined;
    let offset: Promise<number> | undefined;
    return {
      client,
      async context(signal) {
        // Microsoft's windows are judged by OVHcloud's clock: the plan uses it too.
        offset ??= client.serverTimeOffset(signal).catch((error: unknown) => {
          logger.debug("OVHcloud's clock could not be read; using the local clock", { error: String(error) });
          return 0;
        });
        const seconds = await offset;
        const ctx: OperationContext = {
          api,
          reads,
          signal,
          now: () => new Date(Date.now() + (client.knownServerTimeOffset() ?? seconds) * 1000),
          onProgress: (message) => logger.info(message),
        };
        // The account is looked up once per provider process, by the first operation that needs it.
        Object.defineProperty(ctx, "account", {
          get: () => account,
          set: (a: Account) => {
            account = a;
          },
          enumerable: true,
        });
        return ctx;
      },
    };
  }

  async function guarded<T extends { diagnostics: Diagnostic[] }>(
    scope: SchemaSpec | undefined,
    fallback: Partial<Omit<T, "diagnostics">>,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      logger.debug("operation failed", { error: error instanceof Error ? error.message : String(error) });
      return { ...fallback, diagnostics: [diag.fromError(error, scope)] } as T;
    }
  }

  const encode = (value: TfObject | null, type = providerType): DynamicValue =>
    value === null ? NULL_VALUE() : encodeDynamic(value, type);

  return {
    async close() {
      await configured?.client.close();
    },

    async GetMetadata() {
      return {
        server_capabilities: { plan_destroy: true },
        diagnostics: [],
        resources: Object.keys(RESOURCES).map((type_name) => ({ type_name })),
        data_sources: Object.keys(DATA_SOURCES).map((type_name) => ({ type_name })),
      };
    },

    async GetProviderSchema() {
      schemaResponse ??= {
        provider: toProtoSchema(providerSchema),
        resource_schemas: Object.fromEntries(
          Object.values(RESOURCES).map((r) => [r.name, toProtoSchema(r.schema)]),
        ),
        data_source_schemas: Object.fromEntries(
          Object.values(DATA_SOURCES).map((d) => [d.name, toProtoSchema(d.schema)]),
        ),
        diagnostics: [],
        // plan_destroy: refusals (a tenant without allow_termination) show at plan time, not at apply.
        server_capabilities: { plan_destroy: true },
      };
      return schemaResponse;
    },

    async GetResourceIdentitySchemas() {
      return { identity_schemas: {}, diagnostics: [] };
    },

    async GetFunctions() {
      return { functions: {}, diagnostics: [] };
    },

    async ValidateProviderConfig(request) {
      return guarded(providerSchema, {}, async () => {
        const config = asObject(decodeDynamic(request.config, providerType)) ?? {};
        const endpoint = config.endpoint;
        if (typeof endpoint === "string") {
          try {
            resolveEndpoint(endpoint);
          } catch (error) {
            return {
              diagnostics: [
                { ...diag.fromError(error), attribute: { steps: [{ attribute_name: "endpoint" }] } },
              ],
            };
          }
        }
        return { diagnostics: [] };
      });
    },

    async ValidateResourceConfig(request) {
      const resource = RESOURCES[request.type_name];
      if (!resource) return { diagnostics: [unknownType("resource", request.type_name)] };
      return guarded(resource.schema, {}, async () => {
        const config = asObject(decodeDynamic(request.config, resource.type)) ?? {};
        return { diagnostics: resource.validate(config) };
      });
    },

    async ValidateDataResourceConfig(request) {
      const source = DATA_SOURCES[request.type_name];
      if (!source) return { diagnostics: [unknownType("data source", request.type_name)] };
      return guarded(source.schema, {}, async () => {
        const config = asObject(decodeDynamic(request.config, source.type)) ?? {};
        return { diagnostics: source.validate(config) };
      });
    },

    async ConfigureProvider(request) {
      return guarded(providerSchema, {}, async () => {
        const config = asObject(decodeDynamic(request.config, providerType)) ?? {};
        if (hasUnknown(config)) {
          return {
            diagnostics: [
              diag.error(
                "Provider configuration not known yet",
                "The provider's arguments depend on values known only after apply; OVHcloud credentials must be known at plan time. Use variables or the OVH_* environment instead.",
              ),
            ],
          };
        }
        try {
          await configured?.client.close();
          configured = configure(config);
          logger.debug("provider configured", {
            engine_version: request.terraform_version,
            endpoint: configured.client.endpoint.baseUrl,
            auth: configured.client.authMethod,
          });
          return { diagnostics: [] };
        } catch (error) {
          const d = diag.fromError(error);
          const variable = error instanceof OvhConfigError ? error.variables[0] : undefined;
          const attribute = variable ? CONFIG_ATTRIBUTE[variable] : undefined;
          return {
            diagnostics: [attribute ? { ...d, attribute: { steps: [{ attribute_name: attribute }] } } : d],
          };
        }
      });
    },

    async UpgradeResourceState(request) {
      const resource = RESOURCES[request.type_name];
      if (!resource) return { diagnostics: [unknownType("resource", request.type_name)] };
      return guarded(resource.schema, {}, async () => {
        if (request.version > resource.schema.version) {
          return {
            diagnostics: [
              diag.error(
                "State written by a newer provider",
                `The state of this ${request.type_name} has schema version ${request.version}; this provider reads versions up to ${resource.schema.version}. Use the provider version that wrote it.`,
              ),
            ],
          };
        }
        const json = request.raw_state?.json;
        if (!json || json.length === 0) {
          return {
            diagnostics: [
              diag.error(
                "State in an unsupported format",
                "The stored state has no JSON form (a flatmap state from a pre-0.12 engine); it cannot be read.",
              ),
            ],
          };
        }
        const raw = parseJson(Buffer.from(json).toString("utf8"));
        const upgraded = resource.upgrade(raw);
        return {
          upgraded_state: encodeDynamic(fromJsonValue(resource.type, upgraded), resource.type),
          diagnostics: [],
        };
      });
    },

    async ReadResource(request) {
      const resource = RESOURCES[request.type_name];
      if (!resource) return { diagnostics: [unknownType("resource", request.type_name)] };
      const current = request.current_state;
      return guarded(resource.schema, { new_state: current, private: request.private }, async () => {
        const prior = asObject(decodeDynamic(current, resource.type));
        if (prior === null) return { new_state: NULL_VALUE(), diagnostics: [], private: request.private };
        const result = await resource.read(runtime, prior);
        return {
          new_state: encode(result.state, resource.type),
          diagnostics: result.diagnostics,
          private: result.private ?? request.private,
        };
      });
    },

    async PlanResourceChange(request) {
      const resource = RESOURCES[request.type_name];
      if (!resource) return { diagnostics: [unknownType("resource", request.type_name)] };
      return guarded(resource.schema, { planned_state: request.proposed_new_state }, async () => {
        const prior = asObject(decodeDynamic(request.prior_state, resource.type));
        const proposed = asObject(decodeDynamic(request.proposed_new_state, resource.type));
        const config = asObject(decodeDynamic(request.config, resource.type));
        const result = await resource.plan(runtime, prior, proposed, config, request.prior_private);
        return {
          planned_state: encode(result.planned, resource.type),
          requires_replace: result.requiresReplace.map(
            (names): AttributePath => ({ steps: names.map((attribute_name) => ({ attribute_name })) }),
          ),
          planned_private: result.plannedPrivate ?? request.prior_private,
          diagnostics: result.diagnostics,
        };
      });
    },

    async ApplyResourceChange(request) {
      const resource = RESOURCES[request.type_name];
      if (!resource) return { diagnostics: [unknownType("resource", request.type_name)] };
      // On failure the object stays as it was (null for a create that did not happen).
      return guarded(resource.schema, { new_state: request.prior_state ?? NULL_VALUE() }, async () => {
        const prior = asObject(decodeDynamic(request.prior_state, resource.type));
        const planned = asObject(decodeDynamic(request.planned_state, resource.type));
        const config = asObject(decodeDynamic(request.config, resource.type));
        const result = await resource.apply(runtime, prior, planned, config, request.planned_private);
        return {
          new_state: encode(result.state, resource.type),
          // The plan was carried out: nothing of it is kept with the state.
          private: result.private ?? Buffer.alloc(0),
          diagnostics: result.diagnostics,
        };
      });
    },

    async ImportResourceState(request) {
      const resource = RESOURCES[request.type_name];
      if (!resource)
        return { imported_resources: [], diagnostics: [unknownType("resource", request.type_name)] };
      return guarded(resource.schema, { imported_resources: [] }, async () => {
        const state = await resource.importState(runtime, request.id);
        return {
          imported_resources: [{ type_name: resource.name, state: encodeDynamic(state, resource.type) }],
          diagnostics: [],
        };
      });
    },

    async ReadDataSource(request) {
      const source = DATA_SOURCES[request.type_name];
      if (!source) return { diagnostics: [unknownType("data source", request.type_name)] };
      return guarded(source.schema, {}, async () => {
        const config = asObject(decodeDynamic(request.config, source.type)) ?? {};
        if (hasUnknown(config)) {
          return { state: encodeDynamic(config, source.type), diagnostics: [] };
        }
        const result = await source.read(runtime, config);
        return {
          state: encodeDynamic(result.state ?? config, source.type),
          diagnostics: result.diagnostics,
        };
      });
    },

    async StopProvider() {
      logger.info("stop requested: waits in progress are cancelled");
      abort.abort(new Error("Stopped by the engine (interrupt)."));
      abort = new AbortController();
      return { Error: "" };
    },
  };
}
