// TypeScript shapes of the tfplugin6 messages as protocol.ts hands them over (see
// protocol.ts: snake_case names, int64 as number, bytes as Buffer, absent fields as defaults).
// Requests are what the host sends; responses may omit any field.

export interface DynamicValue {
  msgpack?: Buffer | Uint8Array;
  json?: Buffer | Uint8Array;
}

export const Severity = { INVALID: 0, ERROR: 1, WARNING: 2 } as const;

export type AttributePathStep =
  | { attribute_name: string }
  | { element_key_string: string }
  | { element_key_int: number };

export interface AttributePath {
  steps: AttributePathStep[];
}

export interface Diagnostic {
  severity: number;
  summary: string;
  detail?: string;
  attribute?: AttributePath | null;
}

export const StringKind = { PLAIN: 0, MARKDOWN: 1 } as const;
export const NestingMode = { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 } as const;

export interface SchemaAttribute {
  name: string;
  type?: Buffer;
  nested_type?: SchemaObject;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  description_kind?: number;
}

export interface SchemaObject {
  attributes: SchemaAttribute[];
  nesting: number;
}

export interface SchemaNestedBlock {
  type_name: string;
  block: SchemaBlock;
  nesting: number;
  min_items?: number;
  max_items?: number;
}

export interface SchemaBlock {
  version?: number;
  attributes: SchemaAttribute[];
  block_types: SchemaNestedBlock[];
  description: string;
  description_kind?: number;
}

export interface Schema {
  version: number;
  block: SchemaBlock;
}

export interface ServerCapabilities {
  plan_destroy?: boolean;
  get_provider_schema_optional?: boolean;
  move_resource_state?: boolean;
  generate_resource_config?: boolean;
}

export interface ClientCapabilities {
  deferral_allowed: boolean;
  write_only_attributes_allowed: boolean;
}

export interface RawState {
  json: Buffer;
  flatmap: Record<string, string>;
}

// ---- requests and responses ------------------------------------------------------------------------

export interface GetProviderSchemaResponse {
  provider: Schema;
  resource_schemas: Record<string, Schema>;
  data_source_schemas: Record<string, Schema>;
  diagnostics: Diagnostic[];
  server_capabilities: ServerCapabilities;
}

export interface GetMetadataResponse {
  server_capabilities: ServerCapabilities;
  diagnostics: Diagnostic[];
  data_sources: { type_name: string }[];
  resources: { type_name: string }[];
}

export interface ValidateProviderConfigRequest {
  config: DynamicValue;
}
export interface ValidateResourceConfigRequest {
  type_name: string;
  config: DynamicValue;
  client_capabilities?: ClientCapabilities | null;
}
export interface UpgradeResourceStateRequest {
  type_name: string;
  version: number;
  raw_state: RawState;
}
export interface UpgradeResourceStateResponse {
  upgraded_state?: DynamicValue;
  diagnostics: Diagnostic[];
}
export interface ConfigureProviderRequest {
  terraform_version: string;
  config: DynamicValue;
  client_capabilities?: ClientCapabilities | null;
}
export interface ReadResourceRequest {
  type_name: string;
  current_state: DynamicValue;
  private: Buffer;
}
export interface ReadResourceResponse {
  new_state?: DynamicValue;
  diagnostics: Diagnostic[];
  private?: Buffer;
}
export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValue;
  proposed_new_state: DynamicValue;
  config: DynamicValue;
  prior_private: Buffer;
}
export interface PlanResourceChangeResponse {
  planned_state?: DynamicValue;
  requires_replace?: AttributePath[];
  planned_private?: Buffer;
  diagnostics: Diagnostic[];
}
export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValue;
  planned_state: DynamicValue;
  config: DynamicValue;
  planned_private: Buffer;
}
export interface ApplyResourceChangeResponse {
  new_state?: DynamicValue;
  private?: Buffer;
  diagnostics: Diagnostic[];
}
export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
}
export interface ImportedResource {
  type_name: string;
  state: DynamicValue;
  private?: Buffer;
}
export interface ImportResourceStateResponse {
  imported_resources: ImportedResource[];
  diagnostics: Diagnostic[];
}
export interface ReadDataSourceRequest {
  type_name: string;
  config: DynamicValue;
}
export interface ReadDataSourceResponse {
  state?: DynamicValue;
  diagnostics: Diagnostic[];
}
export interface DiagnosticsResponse {
  diagnostics: Diagnostic[];
}

/** The RPCs the provider implements, by method name of the `tfplugin6.Provider` service. */
export interface ProviderRpcs {
  GetMetadata(request: object): Promise<GetMetadataResponse>;
  GetProviderSchema(request: object): Promise<GetProviderSchemaResponse>;
  ValidateProviderConfig(request: ValidateProviderConfigRequest): Promise<DiagnosticsResponse>;
  ValidateResourceConfig(request: ValidateResourceConfigRequest): Promise<DiagnosticsResponse>;
  ValidateDataResourceConfig(request: ValidateResourceConfigRequest): Promise<DiagnosticsResponse>;
  UpgradeResourceState(request: UpgradeResourceStateRequest): Promise<UpgradeResourceStateResponse>;
  GetResourceIdentitySchemas(
    request: object,
  ): Promise<{ identity_schemas: Record<string, never>; diagnostics: Diagnostic[] }>;
  ConfigureProvider(request: ConfigureProviderRequest): Promise<DiagnosticsResponse>;
  ReadResource(request: ReadResourceRequest): Promise<ReadResourceResponse>;
  PlanResourceChange(request: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse>;
  ApplyResourceChange(request: ApplyResourceChangeRequest): Promise<ApplyResourceChangeResponse>;
  ImportResourceState(request: ImportResourceStateRequest): Promise<ImportResourceStateResponse>;
  ReadDataSource(request: ReadDataSourceRequest): Promise<ReadDataSourceResponse>;
  GetFunctions(request: object): Promise<{ functions: Record<string, never>; diagnostics: Diagnostic[] }>;
  StopProvider(request: object): Promise<{ Error: string }>;
}

export type ProviderRpcName = keyof ProviderRpcs;
