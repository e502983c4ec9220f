// The account and tenant calls of the CSP2 API: who the credentials are, tenants, their service infos.
import { NoContent } from "../ovh/client.js";
import { OvhInputError, OvhOperationError } from "../ovh/errors.js";
import {
  CurrentCredential,
  Me,
  OfficeTenant,
  OfficeTenantUpdate,
  ServiceInfos,
} from "../ovh/models/index.js";
import { type CallContext, StringIds, tenantPath } from "./common.js";
import type { Csp2Api } from "./types.js";

const WRITABLE = Object.keys(OfficeTenantUpdate.shape) as Array<keyof OfficeTenantUpdate>;

export type TenantCalls = Pick<
  Csp2Api,
  | "whoAmI"
  | "currentCredential"
  | "listTenantNames"
  | "listTenants"
  | "getTenant"
  | "updateTenant"
  | "getServiceInfos"
  | "terminateTenantAtExpiry"
>;

export function tenantCalls(ctx: CallContext): TenantCalls {
  const { client, api } = ctx;
  return {
    async whoAmI() {
      const me = await client.get("/me", { schema: Me });
      return { nic: me.nichandle, subsidiary: me.ovhSubsidiary };
    },
    currentCredential: async () => client.get("/auth/currentCredential", { schema: CurrentCredential }),

    listTenantNames: async () => client.get("/saas/csp2", { schema: StringIds }),
    listTenants: async () => client.list("/saas/csp2", OfficeTenant),
    getTenant: async (s) => client.get(tenantPath(s), { schema: OfficeTenant }),

    async updateTenant(s, changes) {
      const checked = OfficeTenantUpdate.partial().strict().safeParse(changes);
      if (!checked.success) {
        const fields = checked.error.issues.map((i) =>
          i.code === "unrecognized_keys" ? i.keys.join(", ") : i.path.join("."),
        );
        throw new OvhInputError(
          `updateTenant(${s}): ${fields.join(", ")} cannot be changed this way. Writable fields: ${WRITABLE.join(", ")}.`,
        );
      }
      const current = await api.getTenant(s);
      const body = Object.fromEntries(
        WRITABLE.map((k) => [k, checked.data[k] !== undefined ? checked.data[k] : current[k]]),
      ) as OfficeTenantUpdate;
      await client.put(tenantPath(s), { body, schema: NoContent });
    },

    getServiceInfos: async (s) => client.get(`${tenantPath(s)}/serviceInfos`, { schema: ServiceInfos }),

    async terminateTenantAtExpiry(s) {
      const infos = await api.getServiceInfos(s);
      if (infos.renew?.deleteAtExpiration) return infos;
      if (!infos.canDeleteAtExpiration) {
        throw new OvhOperationError(
          "terminateTenantAtExpiry",
          `OVHcloud does not allow ending tenant ${s} at expiry (canDeleteAtExpiration is false, service ` +
            `status ${infos.status}). End it from the OVHcloud control panel or ask OVHcloud support.`,
        );
      }
      const renew = { automatic: true, forced: false, ...infos.renew, deleteAtExpiration: true };
      await client.put(`${tenantPath(s)}/serviceInfos`, { body: { renew }, schema: NoContent });
      return api.getServiceInfos(s);
    },
  };
}
