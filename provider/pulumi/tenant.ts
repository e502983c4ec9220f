// Office365ResellerTenant: one Microsoft 365 tenant (CSP2 licence group) of an OVHcloud reseller account.
// What each input does on change, and every rule, comes from the core (provider/resources/tenant).
import * as pulumi from "@pulumi/pulumi";
import {
  commonInputs,
  type Office365ResellerCredentials,
  type Office365ResellerTimeouts,
  type Office365ResellerTimeoutsOutput,
  providers,
  TENANT_TYPE,
  unknownArgs,
  withSecretCredentials,
} from "./common.js";

const ARGS = [
  "displayName",
  "mpnId",
  "contact",
  "subdomain",
  "licenses",
  "allowReplacement",
  "allowTermination",
  "adoptServiceName",
  "timeouts",
  "credentials",
] as const satisfies readonly (keyof Office365ResellerTenantArgs)[];

/** The end customer's administrator; receives the Microsoft login data. */
export interface Office365ResellerContact {
  firstName: pulumi.Input<string>;
  lastName: pulumi.Input<string>;
  email: pulumi.Input<string>;
  /** OVHcloud's form +CC.NUMBER, e.g. +49.301234567 ("+49 30 1234567" is normalised). */
  phone: pulumi.Input<string>;
  address: pulumi.Input<string>;
  city: pulumi.Input<string>;
  zipCode: pulumi.Input<string>;
}

export interface Office365ResellerContactOutput {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  address: string;
  city: string;
  zipCode: string;
}

/** A licence bought with the tenant: one subscription of `quantity` seats once it is delivered. */
export interface Office365ResellerTenantLicense {
  /** Licence name as OVHcloud's order form offers it, e.g. "Microsoft 365 Business Standard". */
  license: pulumi.Input<string>;
  /** Seats. */
  quantity: pulumi.Input<number>;
}

export interface Office365ResellerTenantLicenseOutput {
  license: string;
  quantity: number;
}

export interface Office365ResellerTenantArgs {
  /** Name of the tenant in the OVHcloud control panel; updated in place. */
  displayName: pulumi.Input<string>;
  /** The reseller's Microsoft Partner Network ID, 6 to 10 digits; updated in place. */
  mpnId: pulumi.Input<string>;
  /** The customer's contact; updated in place. */
  contact: pulumi.Input<Office365ResellerContact>;
  /** Custom sub-domain, order time only: a change is refused unless `allowReplacement`. */
  subdomain?: pulumi.Input<string>;
  /**
   * Licences to buy with the tenant, order time only: a later change is recorded in the state only
   * (with a warning). Manage seats with `Office365ResellerSubscription` resources: one of the same
   * tenant and licence adopts the subscription bought here instead of buying it again.
   */
  licenses?: pulumi.Input<pulumi.Input<Office365ResellerTenantLicense>[]>;
  /** Let a sub-domain change order a new tenant (the old one then ends). Default false. */
  allowReplacement?: pulumi.Input<boolean>;
  /** Let a delete end the tenant at its expiry date. Default false: a delete is refused. */
  allowTermination?: pulumi.Input<boolean>;
  /** Adopt this existing tenant on create instead of ordering one (nothing is ordered). */
  adoptServiceName?: pulumi.Input<string>;
  timeouts?: pulumi.Input<Office365ResellerTimeouts>;
  /** This resource's account, when not the stack config's / environment's. Stored as a secret. */
  credentials?: pulumi.Input<Office365ResellerCredentials>;
}

export class Office365ResellerTenant extends pulumi.dynamic.Resource {
  declare readonly displayName: pulumi.Output<string>;
  declare readonly mpnId: pulumi.Output<string>;
  declare readonly contact: pulumi.Output<Office365ResellerContactOutput>;
  declare readonly subdomain: pulumi.Output<string | undefined>;
  declare readonly licenses: pulumi.Output<Office365ResellerTenantLicenseOutput[] | undefined>;
  declare readonly allowReplacement: pulumi.Output<boolean | undefined>;
  declare readonly allowTermination: pulumi.Output<boolean | undefined>;
  declare readonly adoptServiceName: pulumi.Output<string | undefined>;
  declare readonly timeouts: pulumi.Output<Office365ResellerTimeoutsOutput | undefined>;
  /** OVHcloud service name, e.g. csp2-1a2b3c4d; the resource id. */
  declare readonly serviceName: pulumi.Output<string>;
  /** creating, inMaintenance, ok, reopening, suspended or suspending. */
  declare readonly status: pulumi.Output<string>;
  declare readonly creationDate: pulumi.Output<string>;
  /** The Microsoft 365 admin portal, where users and licence assignments are managed. */
  declare readonly adminPortalUrl: pulumi.Output<string>;
  /** NIC handle of the OVHcloud account that owns the tenant. */
  declare readonly ovhAccount: pulumi.Output<string>;
  /** The order that created the tenant (absent when adopted). */
  declare readonly orderId: pulumi.Output<number | undefined>;
  /** Whether the customer accepted the 2025 Microsoft Customer Agreement. */
  declare readonly hasAcceptedNewMCA: pulumi.Output<boolean | undefined>;
  /** Version of the stored state's shape. */
  declare readonly schemaVersion: pulumi.Output<number>;

  constructor(name: string, args: Office365ResellerTenantArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.tenant,
      name,
      {
        displayName: args.displayName,
        mpnId: args.mpnId,
        contact: args.contact,
        subdomain: args.subdomain,
        licenses: args.licenses,
        allowReplacement: args.allowReplacement,
        allowTermination: args.allowTermination,
        adoptServiceName: args.adoptServiceName,
        timeouts: args.timeouts,
        ...unknownArgs(args, ARGS),
        ...commonInputs(name, TENANT_TYPE, args.credentials, opts),
        // The same on every retry of this resource's create: a retry finds the first attempt's order
        // (the core adds the sub-domain, so a replacement for a new one is a new order).
        __idempotencyKey: `${pulumi.getProject()}/${pulumi.getStack()}/${name}`,
        serviceName: undefined,
        status: undefined,
        creationDate: undefined,
        adminPortalUrl: undefined,
        ovhAccount: undefined,
        orderId: undefined,
        hasAcceptedNewMCA: undefined,
        schemaVersion: undefined,
      },
      withSecretCredentials(opts),
      "o365reseller",
      "Tenant",
    );
    // The service name is the resource's id. Taken from the id, it stays known in a preview of an
    // in-place update (a rename, rotated credentials), where Pulumi shows a dynamic resource's outputs
    // as its new inputs, that is unknown: the subscriptions that refer to it then plan what `up` does.
    (this as { serviceName: pulumi.Output<string> }).serviceName = this.id;
  }
}
