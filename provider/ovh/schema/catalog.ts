// OVHcloud's published v1 schema for the routes this project uses, loaded from the JSON files beside
// this module (copied from OVHcloud's `/1.0/<api>.json`; see README.md here). It answers two questions:
// which operation a concrete request is (`findOperation`), and what a type name means in the file that
// declares it (`modelOf`). Models are looked up per file: the files declare some ids differently
// (`order.Price` in price.json has no `priceInUcents`), as OVHcloud publishes them.
import meOrder from "./me-order.json" with { type: "json" };
import orderCart from "./order-cart.json" with { type: "json" };
import price from "./price.json" with { type: "json" };
import saasCsp2 from "./saas-csp2.json" with { type: "json" };
import services from "./services.json" with { type: "json" };
import type { ApiSchemaFile, SchemaApi, SchemaModel, SchemaOperation } from "./types.js";

export interface SchemaFileEntry {
  /** The file's name here, e.g. `saas-csp2.json`. */
  file: string;
  /** Where OVHcloud serves it, under `/1.0`: `resourcePath` + `.json`, e.g. `/saas/csp2.json`. */
  servedAt: string;
  schema: ApiSchemaFile;
}

export const SCHEMA_FILES: readonly SchemaFileEntry[] = [
  entry("saas-csp2.json", saasCsp2),
  entry("order-cart.json", orderCart),
  entry("me-order.json", meOrder),
  entry("services.json", services),
  entry("price.json", price),
];

function entry(file: string, data: unknown): SchemaFileEntry {
  const schema = data as ApiSchemaFile;
  return { file, servedAt: `${schema.resourcePath}.json`, schema };
}

export interface OperationMatch {
  file: SchemaFileEntry;
  api: SchemaApi;
  operation: SchemaOperation;
  /** Values of the path's `{name}` segments, decoded. */
  params: Record<string, string>;
}

interface Template {
  file: SchemaFileEntry;
  api: SchemaApi;
  segments: string[];
  literals: number;
}

const TEMPLATES: Template[] = SCHEMA_FILES.flatMap((file) =>
  file.schema.apis.map((api) => {
    const segments = split(api.path);
    return { file, api, segments, literals: segments.filter((s) => !isParam(s)).length };
  }),
);

/**
 * The published operation for a method and a concrete path (no `/1.0` prefix, no query string), or
 * undefined when the schema files here do not describe it. Where two templates fit, the one with more
 * literal segments wins (`/order/cart/{cartId}/csp2` over a `{param}` in that place).
 */
export function findOperation(method: string, path: string): OperationMatch | undefined {
  const segments = split(path);
  let best: { template: Template; params: Record<string, string> } | undefined;
  for (const template of TEMPLATES) {
    if (template.segments.length !== segments.length) continue;
    const params = matchSegments(template.segments, segments);
    if (!params) continue;
    if (!template.api.operations.some((o) => o.httpMethod === method.toUpperCase())) continue;
    if (!best || template.literals > best.template.literals) best = { template, params };
  }
  if (!best) return undefined;
  const operation = best.template.api.operations.find((o) => o.httpMethod === method.toUpperCase())!;
  return { file: best.template.file, api: best.template.api, operation, params: best.params };
}

/** The GET operation on `{template}/{id}`: what one element of an expanded list route looks like. */
export function itemOperation(match: OperationMatch): OperationMatch | undefined {
  const prefix = `${match.api.path}/`;
  const api = match.file.schema.apis.find(
    (a) =>
      a.path.startsWith(prefix) &&
      !a.path.slice(prefix.length).includes("/") &&
      isParam(a.path.slice(prefix.length)),
  );
  const operation = api?.operations.find((o) => o.httpMethod === "GET");
  if (!api || !operation) return undefined;
  return { file: match.file, api, operation, params: match.params };
}

/** A model declared by a file, by its full id (`saas.csp2.OfficeTenant`, `complexType.SafeKeyValue<T>`). */
export function modelOf(file: SchemaFileEntry, id: string): SchemaModel | undefined {
  return Object.hasOwn(file.schema.models, id) ? file.schema.models[id] : undefined;
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function isParam(segment: string): boolean {
  return segment.startsWith("{") && segment.endsWith("}");
}

function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const s = segments[i]!;
    if (isParam(t)) {
      try {
        params[t.slice(1, -1)] = decodeURIComponent(s);
      } catch {
        return undefined;
      }
    } else if (t !== s) {
      return undefined;
    }
  }
  return params;
}
