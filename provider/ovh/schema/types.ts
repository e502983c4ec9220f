// The shape of OVHcloud's published API description (`GET https://eu.api.ovh.com/1.0/<api>.json`), as
// stored beside this file. Only what the validator and the model generator read is typed here.

export interface SchemaProperty {
  type: string;
  /** Present on most properties; where it differs from `type` it names a core alias (e.g. `coreTypes.ServiceId:long`). */
  fullType?: string;
  canBeNull: boolean;
  readOnly: boolean;
  required?: boolean;
  description?: string;
}

export interface SchemaObjectModel {
  id: string;
  namespace: string;
  description?: string;
  /** Type parameters of a generic model, e.g. `["T"]` for `complexType.SafeKeyValue<T>`. */
  generics?: string[];
  properties: Record<string, SchemaProperty>;
}

export interface SchemaEnumModel {
  id: string;
  namespace: string;
  description?: string;
  enum: string[];
  enumType: string;
}

export type SchemaModel = SchemaObjectModel | SchemaEnumModel;

export interface SchemaParameter {
  name?: string;
  dataType: string;
  fullType?: string;
  paramType: "path" | "query" | "body" | "header";
  required: boolean;
  description?: string;
}

export interface SchemaOperation {
  httpMethod: "GET" | "POST" | "PUT" | "DELETE";
  noAuthentication: boolean;
  parameters: SchemaParameter[];
  responseType: string;
  description?: string;
  apiStatus?: { value: string; description?: string };
  iamActions?: Array<{ name: string; required: boolean }>;
}

export interface SchemaApi {
  path: string;
  description?: string;
  operations: SchemaOperation[];
}

/** One published file: `/1.0/saas/csp2.json`, `/1.0/order.json`, … (reduced to the routes used here). */
export interface ApiSchemaFile {
  apiVersion: string;
  basePath: string;
  resourcePath: string;
  apis: SchemaApi[];
  models: Record<string, SchemaModel>;
}

export function isEnumModel(model: SchemaModel): model is SchemaEnumModel {
  return Array.isArray((model as SchemaEnumModel).enum);
}
