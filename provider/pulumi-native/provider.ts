// The native provider: the provider resource's config (config.ts) and the two resources
// (resources.ts) behind the NativeProvider interface the gRPC server serves.
import { packageVersion } from "../package-info.js";
import { ProviderError } from "../pulumi/errors.js";
import type { Props } from "../pulumi/wire.js";
import { checkConfig, configChanged, configure } from "./config.js";
import { connectEngine } from "./engine-log.js";
import {
  credentialsInput,
  type NativeResource,
  oneLineError,
  parseUrn,
  RESOURCES,
  withHidden,
  withoutHidden,
} from "./resources.js";
import { type PackageSpec, packageSchema } from "./schema.js";
import type { NativeProvider } from "./server.js";

function resourceOf(urn: string): NativeResource {
  const { type } = parseUrn(urn);
  const resource = RESOURCES[type];
  if (!resource) throw new ProviderError(`o365reseller has no resource type ${type}`, "UNKNOWN_TYPE");
  return resource;
}

/** A create that failed after the object came to exist: what the engine records, without hidden properties. */
function recorded(error: unknown): unknown {
  if (error instanceof ProviderError && error.properties) error.properties = withoutHidden(error.properties);
  return error;
}

/** Whether a property bag holds nothing of a resource: what the engine sends to read for `pulumi import`. */
const isEmpty = (props: Props) => Object.keys(props).length === 0;

export function createNativeProvider(version: string = packageVersion()): NativeProvider {
  const spec: PackageSpec = packageSchema(version);
  const schemaText = JSON.stringify(spec);
  return {
    version,
    schema: () => schemaText,

    async checkConfig(urn, _olds, news) {
      return { inputs: news, failures: checkConfig(urn, news) };
    },
    async diffConfig(_urn, olds, news) {
      return { changes: configChanged(olds, news) };
    },
    async configure(urn, args) {
      configure(urn, args);
    },

    async check(urn, olds, news) {
      const resource = resourceOf(urn);
      // Refused before the core's check, which may read what OVHcloud sells for a tenant's licences.
      const credentials = credentialsInput(resource.token, news);
      if (credentials.length > 0) return { inputs: news, failures: credentials };
      const result = await resource.handler.check(withHidden(urn, olds), withHidden(urn, news));
      return { inputs: withoutHidden(result.inputs) ?? news, failures: result.failures ?? [] };
    },

    async diff(id, urn, olds, news) {
      const result = await resourceOf(urn).handler.diff(id, withHidden(urn, olds), withHidden(urn, news));
      return {
        changes: result.changes === true,
        replaces: result.replaces ?? [],
        deleteBeforeReplace: result.deleteBeforeReplace === true,
      };
    },

    async create(urn, inputs) {
      try {
        const result = await resourceOf(urn).handler.create(withHidden(urn, inputs));
        return { id: result.id, outs: withoutHidden(result.outs) ?? {} };
      } catch (error) {
        throw recorded(error);
      }
    },

    async read(id, urn, props) {
      const resource = resourceOf(urn);
      if (isEmpty(props)) {
        try {
          const adopted = await resource.adopt(urn, id);
          return { id: adopted.id, props: adopted.state, inputs: adopted.inputs };
        } catch (error) {
          throw oneLineError(error, `Importing ${id}`);
        }
      }
      const result = await resource.handler.read(id, withHidden(urn, props));
      return {
        ...(result.id !== undefined ? { id: result.id } : {}),
        ...(result.props ? { props: withoutHidden(result.props) } : {}),
        ...(result.inputs ? { inputs: withoutHidden(result.inputs) } : {}),
      };
    },

    async update(id, urn, olds, news) {
      const result = await resourceOf(urn).handler.update(id, withHidden(urn, olds), withHidden(urn, news));
      return { outs: withoutHidden(result.outs) ?? {} };
    },

    async delete(id, urn, props) {
      await resourceOf(urn).handler.delete(id, withHidden(urn, props));
    },

    attach(engineAddress) {
      connectEngine(engineAddress);
    },
  };
}
