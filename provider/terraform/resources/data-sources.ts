// Data sources: o365reseller_tenant (one tenant by service name) and o365reseller_licenses (a
// tenant's orderable licences), read through the core's lookups.
import { listLicences, lookupTenant } from "../../resources/index.js";
import * as rules from "../../resources/validate.js";
import { isUnknown } from "../codec.js";
import * as diag from "../diagnostics.js";
import type { DataSourceType } from "../resource-type.js";
import { typeOf } from "../resource-type.js";
import { LICENSES, licensesDataSchema, TENANT, tenantDataSchema } from "../schemas.js";
import { fromCore, type TfObject } from "../values.js";
import type { Diagnostic } from "../wire.js";

/** A service name input: checked by the core's rule when known. */
function serviceNameDiagnostics(config: TfObject, attribute: string): Diagnostic[] {
  const value = config[attribute];
  if (value === null || value === undefined || isUnknown(value)) return [];
  const r = rules.serviceName(value);
  if (r.ok) return [];
  return [
    {
      ...diag.error(`Invalid ${attribute}`, `${attribute} ${r.reason} (got ${JSON.stringify(value)}).`),
      attribute: { steps: [{ attribute_name: attribute }] },
    },
  ];
}

export const tenantDataSource: DataSourceType = {
  name: TENANT,
  schema: tenantDataSchema,
  type: typeOf(tenantDataSchema),
  validate: (config) => serviceNameDiagnostics(config, "service_name"),
  async read(rt, config) {
    const ctx = await rt.context();
    const view = await lookupTenant(ctx, String(config.service_name));
    return { state: fromCore(tenantDataSchema, view), diagnostics: [] };
  },
};

export const licensesDataSource: DataSourceType = {
  name: LICENSES,
  schema: licensesDataSchema,
  type: typeOf(licensesDataSchema),
  validate: (config) => serviceNameDiagnostics(config, "tenant"),
  async read(rt, config) {
    const ctx = await rt.context();
    const tenant = String(config.tenant);
    const licenses = await listLicences(ctx, tenant);
    return { state: fromCore(licensesDataSchema, { tenant, licenses }), diagnostics: [] };
  },
};
