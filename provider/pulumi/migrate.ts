// Moving a stack from this dynamic provider to the native one (o365-reseller/native, plugin
// pulumi-resource-o365reseller) without ordering or cancelling anything: every native resource is
// given its dynamic type as an alias, so the engine takes the stored tenant or subscription as the
// same resource. The native provider diffs it like any other: the core sees no change, so `pulumi up`
// calls nothing and moves each resource to its native type and provider as it is. The outputs
// stored by the dynamic provider (`__provider`, the per-resource `credentials`) stay until the next
// `pulumi refresh`, which reads each object and writes the state in the native shape. Register once,
// before the resources:
//
//   pulumi.runtime.registerResourceTransform(aliasDynamicResources);
import type * as pulumi from "@pulumi/pulumi";
import { SUBSCRIPTION_TYPE, TENANT_TYPE } from "./common.js";

/** Native type token → the dynamic provider's type of the same resource. */
export const DYNAMIC_TYPE_OF: Readonly<Record<string, string>> = {
  "o365reseller:index:Tenant": TENANT_TYPE,
  "o365reseller:index:Subscription": SUBSCRIPTION_TYPE,
};

/** A stack transform: each native tenant and subscription is also its former dynamic self. */
export const aliasDynamicResources: pulumi.ResourceTransform = async (args) => {
  const dynamicType = DYNAMIC_TYPE_OF[args.type];
  if (dynamicType === undefined) return undefined;
  return {
    props: args.props,
    opts: { ...args.opts, aliases: [...(args.opts.aliases ?? []), { type: dynamicType }] },
  };
};
