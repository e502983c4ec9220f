// Public surface of the OVHcloud API client. Named exports only.
export {
  createOvhClient,
  type ListOptions,
  mapLimit,
  NoContent,
  type OvhClient,
  type OvhClientOptions,
  type RawAnswer,
  type RawRequestOptions,
  type RequestOptions,
} from "./client.js";
export {
  CLIENT_DEFAULTS,
  type ConfigEntry,
  type ConfigKey,
  type ConfigReport,
  type ConfigSources,
  CREDENTIAL_FIELDS,
  configKeyOf,
  DEFAULT_CONFIG_FILES,
  describeSources,
  type ExplicitLayer,
  type ExplicitNames,
  envVariable,
  inspectConfig,
  type LayerKind,
  type OAuth2Auth,
  type OvhAuth,
  type OvhClientTuning,
  type OvhCredentialsInput,
  type ResolvedConfig,
  resolveConfig,
  type SignatureAuth,
  type ValueSource,
} from "./config.js";
export {
  apiUrl,
  DEFAULT_ENDPOINT,
  ENDPOINT_NAMES,
  isLoopbackHost,
  type ResolvedEndpoint,
  resolveEndpoint,
} from "./endpoints.js";
export * from "./errors.js";
export type { LogSink } from "./log.js";
export * from "./models/index.js";
export { PAGES_MODE, pageHeaders } from "./paging.js";
export type { Query, QueryValue } from "./pipeline.js";
export type { HttpMethod, RetryPolicy } from "./retry.js";
export {
  canonicalString,
  clockOffset,
  ovhTimestamp,
  serializeBody,
  serializeQuery,
  sha1Hex,
  signature,
  signedHeaders,
} from "./signing.js";
export {
  createUndiciTransport,
  type Transport,
  type TransportRequest,
  type TransportResponse,
  type UndiciTransportOptions,
} from "./transport.js";
