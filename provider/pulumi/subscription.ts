// Office365ResellerSubscription: seats of one licence in a tenant (or an add-on of a subscription).
// What each input does on change, and every rule, comes from the core (provider/resources/subscription).
import * as pulumi from "@pulumi/pulumi";
import {
  commonInputs,
  type Office365ResellerCredentials,
  type Office365ResellerTimeouts,
  type Office365ResellerTimeoutsOutput,
  providers,
  SUBSCRIPTION_TYPE,
  unknownArgs,
  withSecretCredentials,
} from "./common.js";

const ARGS = [
  "tenant",
  "license",
  "quantity",
  "parent",
  "adoptSubscriptionId",
  "timeouts",
  "credentials",
] as const satisfies readonly (keyof Office365ResellerSubscriptionArgs)[];

export interface Office365ResellerSubscriptionArgs {
  /** Service name of the tenant, e.g. a tenant resource's `serviceName`. Another tenant: replace. */
  tenant: pulumi.Input<string>;
  /** Licence name (case-insensitive) or id among the tenant's orderable licences. A change: replace. */
  license: pulumi.Input<string | number>;
  /** Seats, the total. Changed in place; a reduction only within Microsoft's 168-hour window. */
  quantity: pulumi.Input<number>;
  /** For an add-on licence: the `subscriptionId` it extends. A change: replace. */
  parent?: pulumi.Input<number>;
  /** Adopt this existing subscription on create instead of ordering one (nothing is bought). */
  adoptSubscriptionId?: pulumi.Input<number>;
  timeouts?: pulumi.Input<Office365ResellerTimeouts>;
  /** This resource's account, when not the stack config's / environment's. Stored as a secret. */
  credentials?: pulumi.Input<Office365ResellerCredentials>;
}

export class Office365ResellerSubscription extends pulumi.dynamic.Resource {
  declare readonly tenant: pulumi.Output<string>;
  /** The licence as given (a name keeps its spelling while the licence stays the same). */
  declare readonly license: pulumi.Output<string>;
  declare readonly quantity: pulumi.Output<number>;
  declare readonly parent: pulumi.Output<number | undefined>;
  declare readonly adoptSubscriptionId: pulumi.Output<number | undefined>;
  declare readonly timeouts: pulumi.Output<Office365ResellerTimeoutsOutput | undefined>;
  /** OVHcloud id of the subscription; the resource id is `<tenant>/<subscriptionId>`. */
  declare readonly subscriptionId: pulumi.Output<number>;
  declare readonly licenseId: pulumi.Output<number>;
  /** The licence's name as OVHcloud lists it. */
  declare readonly licenseName: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;
  declare readonly creationDate: pulumi.Output<string>;
  declare readonly lastUpdate: pulumi.Output<string | undefined>;
  /** NIC handle of the OVHcloud account that owns the tenant. */
  declare readonly ovhAccount: pulumi.Output<string>;
  /** Version of the stored state's shape. */
  declare readonly schemaVersion: pulumi.Output<number>;

  constructor(name: string, args: Office365ResellerSubscriptionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.subscription,
      name,
      {
        tenant: args.tenant,
        license: args.license,
        quantity: args.quantity,
        parent: args.parent,
        adoptSubscriptionId: args.adoptSubscriptionId,
        timeouts: args.timeouts,
        ...unknownArgs(args, ARGS),
        ...commonInputs(name, SUBSCRIPTION_TYPE, args.credentials, opts),
        subscriptionId: undefined,
        licenseId: undefined,
        licenseName: undefined,
        status: undefined,
        creationDate: undefined,
        lastUpdate: undefined,
        ovhAccount: undefined,
        schemaVersion: undefined,
      },
      withSecretCredentials(opts),
      "o365reseller",
      "Subscription",
    );
    // The subscription id is part of the resource id (`<tenant>/<subscriptionId>`). Taken from the id,
    // it stays known in a preview of a seat change, so an add-on whose parent is this subscription
    // plans what `up` does, not a replace.
    (this as { subscriptionId: pulumi.Output<number> }).subscriptionId = this.id.apply((id) =>
      Number(id.slice(id.lastIndexOf("/") + 1)),
    );
  }
}
