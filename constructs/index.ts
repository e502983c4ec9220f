/**
 * CDKTF constructs for OVHcloud Office 365 Reseller (CSP2), exported as `o365-reseller/constructs`.
 *
 * A thin layer over the bindings generated from the provider's schema (./.gen, `npm run
 * constructs:generate`): every rule (refusals, replaces, never ordering twice) lives in the provider,
 * so these classes only arrange resources. CDKTF is archived upstream: nothing else depends on them,
 * and `cdktf synth` output is plain Terraform JSON that the provider runs without CDKTF.
 */
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import {
  O365ResellerProvider,
  type O365ResellerProviderConfig,
} from "./.gen/providers/o365reseller/provider/index.js";
import { Subscription, type SubscriptionTimeouts } from "./.gen/providers/o365reseller/subscription/index.js";
import {
  Tenant,
  type TenantContact,
  type TenantLicenses,
  type TenantTimeouts,
} from "./.gen/providers/o365reseller/tenant/index.js";

export * as bindings from "./.gen/providers/o365reseller/index.js";
export type {
  O365ResellerProviderConfig,
  SubscriptionTimeouts,
  TenantContact,
  TenantLicenses,
  TenantTimeouts,
};
export { O365ResellerProvider, Subscription, Tenant };

/**
 * The provider for one OVHcloud account. Without arguments it reads OVH_ENDPOINT and the OVH_*
 * credentials (then ovh.conf); give an `alias` for each further account.
 */
export function configureO365Reseller(
  scope: Construct,
  id: string,
  config: O365ResellerProviderConfig = {},
): O365ResellerProvider {
  return new O365ResellerProvider(scope, id, config);
}

export interface SubscriptionSpec {
  /** Licence name ("Microsoft 365 Business Standard") or id. */
  license: string;
  /** Seats (the total). */
  quantity: number;
  /** For an add-on licence: the subscription id it extends. */
  parent?: number;
  /** Adopt this existing subscription instead of ordering one. */
  adoptSubscriptionId?: number;
  timeouts?: SubscriptionTimeouts;
}

export interface Office365ResellerSubscriptionProps extends SubscriptionSpec {
  /** Service name of the tenant (e.g. an Office365ResellerTenant's serviceName). */
  tenant: string;
  /** The provider (account) to use; default: the stack's default provider. */
  provider?: TerraformProvider;
  /**
   * Order a replacement before cancelling the old subscription (Terraform's create_before_destroy),
   * so the customer keeps licences throughout a change of licence. Default true.
   */
  createBeforeDestroy?: boolean;
}

/** One licence subscription: N seats of one licence in a tenant. */
export class Office365ResellerSubscription extends Construct {
  readonly resource: Subscription;

  constructor(scope: Construct, id: string, props: Office365ResellerSubscriptionProps) {
    super(scope, id);
    this.resource = new Subscription(this, "subscription", {
      tenant: props.tenant,
      license: props.license,
      quantity: props.quantity,
      ...(props.parent !== undefined ? { parent: props.parent } : {}),
      ...(props.adoptSubscriptionId !== undefined ? { adoptSubscriptionId: props.adoptSubscriptionId } : {}),
      ...(props.timeouts ? { timeouts: props.timeouts } : {}),
      ...(props.provider ? { provider: props.provider } : {}),
      lifecycle: { createBeforeDestroy: props.createBeforeDestroy ?? true },
    });
  }

  /** OVHcloud id of the subscription (known after apply). */
  get subscriptionId(): number {
    return this.resource.subscriptionId;
  }

  get quantity(): number {
    return this.resource.quantity;
  }
}

export interface Office365ResellerTenantProps {
  displayName: string;
  /** The reseller's Microsoft Partner Network ID (6 to 10 digits). */
  mpnId: string;
  contact: TenantContact;
  /** Custom sub-domain, chosen at order time only. */
  subdomain?: string;
  /**
   * Licences bought with the tenant, order time only. A `subscriptions` entry of the same licence then
   * manages the subscription bought here (adopted, not bought again).
   */
  licenses?: TenantLicenses[];
  allowReplacement?: boolean;
  /** Allow deleting the construct to end the tenant at its expiry date. */
  allowTermination?: boolean;
  /** Adopt this existing tenant instead of ordering one. */
  adoptServiceName?: string;
  timeouts?: TenantTimeouts;
  /** One subscription per entry; at most one per licence (OVHcloud holds one per licence and tenant). */
  subscriptions?: SubscriptionSpec[];
  /** The provider (account) to use; default: the stack's default provider. */
  provider?: TerraformProvider;
}

/**
 * A tenant and its subscriptions. Each subscription's construct id comes from its licence
 * (`license-microsoft-365-business-standard`), so reordering the list changes nothing.
 */
export class Office365ResellerTenant extends Construct {
  readonly tenant: Tenant;
  /** The subscriptions, by licence as given. */
  readonly subscriptions: Record<string, Office365ResellerSubscription> = {};

  constructor(scope: Construct, id: string, props: Office365ResellerTenantProps) {
    super(scope, id);
    this.tenant = new Tenant(this, "tenant", {
      displayName: props.displayName,
      mpnId: props.mpnId,
      contact: props.contact,
      ...(props.subdomain !== undefined ? { subdomain: props.subdomain } : {}),
      ...(props.licenses !== undefined ? { licenses: props.licenses } : {}),
      ...(props.allowReplacement !== undefined ? { allowReplacement: props.allowReplacement } : {}),
      ...(props.allowTermination !== undefined ? { allowTermination: props.allowTermination } : {}),
      ...(props.adoptServiceName !== undefined ? { adoptServiceName: props.adoptServiceName } : {}),
      ...(props.timeouts ? { timeouts: props.timeouts } : {}),
      ...(props.provider ? { provider: props.provider } : {}),
    });
    for (const spec of props.subscriptions ?? []) {
      const key = subscriptionId(spec);
      if (this.node.tryFindChild(key)) {
        throw new Error(
          `${this.node.path}: the licence "${spec.license}" is listed twice; a tenant holds one subscription per licence: give its total quantity once.`,
        );
      }
      this.subscriptions[spec.license] = new Office365ResellerSubscription(this, key, {
        ...spec,
        tenant: this.tenant.serviceName,
        ...(props.provider ? { provider: props.provider } : {}),
      });
    }
  }

  /** OVHcloud service name of the tenant (known after apply). */
  get serviceName(): string {
    return this.tenant.serviceName;
  }

  get adminPortalUrl(): string {
    return this.tenant.adminPortalUrl;
  }
}

/** A stable construct id for a subscription: its licence (and parent, for add-ons). */
export function subscriptionId(spec: Pick<SubscriptionSpec, "license" | "parent">): string {
  const slug = String(spec.license)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return spec.parent === undefined ? `license-${slug}` : `license-${slug}-of-${spec.parent}`;
}
