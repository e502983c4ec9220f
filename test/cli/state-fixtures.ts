// State files built from the core's state shapes, as the providers write them: a Pulumi stack export
// (dynamic resources whose outputs carry `__provider` and the state fields) and a Terraform/OpenTofu
// state (version 4, snake_case attributes). The providers are being written alongside; these follow
// the documented shapes so that drift can be tested now.
import type { OfficeSubscription, OfficeTenant } from "../../provider/ovh/models/index.js";
import type { SubscriptionState } from "../../provider/resources/subscription/index.js";
import type { TenantState } from "../../provider/resources/tenant/index.js";

export function tenantStateOf(t: OfficeTenant, nic: string): TenantState {
  return {
    schemaVersion: 1,
    displayName: t.displayName,
    mpnId: t.mpnId ?? "",
    contact: {
      firstName: t.firstName,
      lastName: t.lastName,
      email: t.email,
      phone: t.phone,
      address: t.address,
      city: t.city,
      zipCode: t.zipCode,
    },
    serviceName: t.serviceName,
    status: t.status,
    creationDate: t.creationDate,
    adminPortalUrl: "https://admin.microsoft.com",
    ovhAccount: nic,
    orderId: null,
    hasAcceptedNewMCA: t.hasAcceptedNewMCA ?? null,
  };
}

export function subscriptionStateOf(
  serviceName: string,
  s: OfficeSubscription,
  licenseName: string,
  nic: string,
): SubscriptionState {
  return {
    schemaVersion: 1,
    tenant: serviceName,
    license: licenseName,
    quantity: s.quantity,
    subscriptionId: s.id,
    licenseId: s.licenseId,
    licenseName,
    status: s.status,
    creationDate: s.creationDate,
    lastUpdate: s.lastUpdate ?? null,
    ovhAccount: nic,
  };
}

const SECRET = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  ciphertext: "v1:AAAA:c2VyaWFsaXplZCBwcm92aWRlcg==",
};

export function pulumiExport(
  resources: Array<{ name: string; state: TenantState | SubscriptionState }>,
  options: { type?: string; version?: number } = {},
): unknown {
  const stack = "urn:pulumi:prod::estate::pulumi:pulumi:Stack::estate-prod";
  const type = options.type ?? "pulumi-nodejs:dynamic:Resource";
  return {
    version: options.version ?? 3,
    deployment: {
      manifest: { time: "2026-11-27T10:00:00Z", magic: "0", version: "v3.274.1" },
      secrets_providers: { type: "passphrase", state: { salt: "v1:abc" } },
      resources: [
        { urn: stack, custom: false, type: "pulumi:pulumi:Stack" },
        {
          urn: "urn:pulumi:prod::estate::pulumi:providers:pulumi-nodejs::default",
          custom: true,
          id: "0c3e61a1",
          type: "pulumi:providers:pulumi-nodejs",
        },
        ...resources.map(({ name, state }) => {
          const inputs =
            "subscriptionId" in state
              ? { tenant: state.tenant, license: state.license, quantity: state.quantity }
              : { displayName: state.displayName, mpnId: state.mpnId, contact: state.contact };
          return {
            urn: `urn:pulumi:prod::estate::${type}::${name}`,
            custom: true,
            id: "subscriptionId" in state ? `${state.tenant}/${state.subscriptionId}` : state.serviceName,
            type,
            inputs: { __provider: SECRET, ...inputs },
            outputs: { __provider: SECRET, ...state },
            parent: stack,
          };
        }),
      ],
    },
  };
}

export function snake(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snake);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), snake(v)]),
  );
}

export function terraformState(
  resources: Array<{ name: string; state: TenantState | SubscriptionState }>,
  options: { version?: number; schemaVersion?: number } = {},
): unknown {
  return {
    version: options.version ?? 4,
    terraform_version: "1.12.6",
    serial: 7,
    lineage: "5d7e0c4e-7b1f-4a51-a0a4-1f0d5c9b2e11",
    outputs: {},
    resources: resources.map(({ name, state }) => {
      const sub = "subscriptionId" in state;
      const { schemaVersion: _version, ...rest } = state;
      return {
        mode: "managed",
        type: sub ? "o365reseller_subscription" : "o365reseller_tenant",
        name,
        provider: 'provider["o365r.example/o365-reseller/o365reseller"]',
        instances: [
          {
            schema_version: options.schemaVersion ?? 1,
            attributes: {
              id: sub ? `${state.tenant}/${state.subscriptionId}` : state.serviceName,
              ...(snake(rest) as object),
              timeouts: null,
            },
            sensitive_attributes: [],
          },
        ],
      };
    }),
    check_results: null,
  };
}
