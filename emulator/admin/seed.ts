// Seeding accounts, credentials and tenants: the admin API, the programmatic handle and `--demo` all
// come through here. Seeds are not API calls: they bypass Microsoft's rules (a tenant seeded with
// `hasAcceptedNewMCA: false` still gets its subscriptions) but not the catalogue's shape.
import type { z } from "zod";
import { ALL_RULES } from "../auth/access-rules.js";
import { findLicence } from "../catalogue.js";
import * as ids from "../core/ids.js";
import { nextId, type State, type Tenant, type TenantPlanRules } from "../core/state.js";
import { addSubscription, createTenant, recordUsage } from "../core/tenants.js";
import { HOUR_MS } from "../core/time.js";
import { parseValue } from "../http/body.js";
import { errors } from "../http/errors.js";
import {
  type AccountCredentials,
  type AccountInput,
  type AddonSeed,
  type CredentialInput,
  type SeededTenant,
  type TenantInput,
  TenantInput as TenantInputSchema,
  type TenantPatch,
  type TenantPlanInput,
} from "./schemas.js";

export type { AccountCredentials, AccountInput, CredentialInput, SeededTenant, TenantInput };

function newConsumerKey(state: State, applicationKey: string, nic: string, rules = ALL_RULES): string {
  const consumerKey = ids.consumerKey();
  state.consumerKeys[consumerKey] = {
    consumerKey,
    applicationKey,
    nic,
    credentialId: nextId(state, "credentialId"),
    rules,
    status: "validated",
    createdAt: Date.now(),
  };
  return consumerKey;
}

function newOAuthClient(state: State, nic: string): { clientId: string; clientSecret: string } {
  const client = { clientId: ids.clientId(), clientSecret: ids.secret(), nic };
  state.oauthClients[client.clientId] = client;
  return client;
}

export function createAccount(state: State, input: AccountInput, now: number): AccountCredentials {
  let nic = input.nic ?? ids.nicHandle();
  if (input.nic !== undefined && state.accounts[nic]) throw errors.conflict(`Account ${nic} already exists`);
  while (state.accounts[nic]) nic = ids.nicHandle();
  state.accounts[nic] = {
    nic,
    ovhSubsidiary: input.ovhSubsidiary ?? "FR",
    email: input.email ?? `${nic}@reseller.invalid`,
    firstname: input.firstname ?? "Ada",
    name: input.name ?? "Reseller",
    paymentMethods: input.paymentMethod === false ? [] : [nextId(state, "paymentMethod")],
    createdAt: now,
  };
  const application = {
    applicationKey: ids.applicationKey(),
    applicationSecret: ids.secret(),
    applicationId: nextId(state, "applicationId"),
    nic,
  };
  state.applications[application.applicationKey] = application;
  const consumerKey = newConsumerKey(state, application.applicationKey, nic, input.accessRules ?? ALL_RULES);
  return {
    nic,
    applicationKey: application.applicationKey,
    applicationSecret: application.applicationSecret,
    consumerKey,
    ...newOAuthClient(state, nic),
  };
}

/** Another consumer key (and OAuth2 client) for an existing account, on its application. */
export function addCredential(state: State, nic: string, input: CredentialInput): AccountCredentials {
  if (!state.accounts[nic]) throw errors.notFound(`No account ${nic}`);
  const application = Object.values(state.applications).find((a) => a.nic === nic)!;
  const consumerKey = newConsumerKey(state, application.applicationKey, nic, input.accessRules ?? ALL_RULES);
  return {
    nic,
    applicationKey: application.applicationKey,
    applicationSecret: application.applicationSecret,
    consumerKey,
    ...newOAuthClient(state, nic),
  };
}

function licence(ref: string | number, field: string) {
  const found = findLicence(ref);
  if (!found) throw errors.badRequest(`${field}: no licence "${ref}" in the catalogue`, { fields: [field] });
  return found;
}

type ParsedTenant = z.infer<typeof TenantInputSchema>;

/**
 * Checks a tenant seed completely before anything is created (`at` prefixes the field names, e.g.
 * `tenants.3.`), so that a refused seed leaves no half-made tenant behind.
 */
function checkTenantInput(state: State, raw: TenantInput, at = ""): ParsedTenant {
  const input = parseValue(TenantInputSchema, raw);
  if (!state.accounts[input.account]) throw errors.notFound(`No account ${input.account}`);
  (input.subscriptions ?? []).forEach((spec, i) => {
    const parent = licence(spec.license, `${at}subscriptions.${i}.license`);
    if (parent.licenceType === "ADDON") {
      throw errors.badRequest(
        `${at}subscriptions.${i}.license: "${parent.name}" is an add-on: list it under addons`,
      );
    }
    (spec.addons ?? []).forEach((addonSpec, j) => {
      const field = `${at}subscriptions.${i}.addons.${j}.license`;
      const addon = licence(addonSpec.license, field);
      if (!addon.parents?.includes(parent.id)) {
        throw errors.badRequest(`${field}: "${addon.name}" is not an add-on of "${parent.name}"`);
      }
    });
  });
  return input;
}

export function seedTenant(state: State, raw: TenantInput, now: number): SeededTenant {
  return createSeeded(state, checkTenantInput(state, raw), now);
}

/** Several tenants at once (one state write): all of them, or none when one is refused. */
export function seedTenants(state: State, raw: readonly TenantInput[], now: number): SeededTenant[] {
  const inputs = raw.map((input, i) => checkTenantInput(state, input, `tenants.${i}.`));
  return inputs.map((input) => createSeeded(state, input, now));
}

function createSeeded(state: State, input: ParsedTenant, now: number): SeededTenant {
  const hoursAgo = (h: number | undefined) => now - (h ?? input.purchasedHoursAgo ?? 0) * HOUR_MS;
  const oldest = Math.max(
    input.createdHoursAgo ?? 0,
    input.purchasedHoursAgo ?? 0,
    ...(input.subscriptions ?? []).flatMap((s) => [
      s.purchasedHoursAgo ?? 0,
      ...(s.addons ?? []).map((a) => a.purchasedHoursAgo ?? 0),
    ]),
  );
  const tenant = createTenant(
    state,
    input.account,
    {
      displayName: input.displayName,
      firstName: input.firstName ?? "Grace",
      lastName: input.lastName ?? "Hopper",
      email: input.email ?? "admin@customer.invalid",
      phone: input.phone ?? "+33 1 23 45 67 89",
      address: input.address ?? "1 rue de l'Exemple",
      city: input.city ?? "Roubaix",
      zipCode: input.zipCode ?? "59100",
      mpnId: input.mpnId === undefined ? "1234567" : input.mpnId,
      subDomain: input.subDomain ?? null,
    },
    now - oldest * HOUR_MS,
    null,
  );
  tenant.hasAcceptedNewMCA = input.hasAcceptedNewMCA ?? true;
  tenant.status = input.status ?? "ok";
  tenant.mpnIssueFlag = input.mpnIssueFlag ?? null;
  tenant.tags = input.tags ?? {};

  const seeded: SeededTenant = {
    serviceName: tenant.serviceName,
    serviceId: tenant.serviceId,
    subscriptions: [],
  };
  const add = (spec: z.infer<typeof AddonSeed> & { status?: string }, parentId: number | null) => {
    const found = findLicence(spec.license)!;
    const at = hoursAgo(spec.purchasedHoursAgo);
    const sub = addSubscription(state, tenant, {
      licenseId: found.id,
      quantity: spec.quantity,
      status: spec.status ?? "active",
      at,
      parentId,
    });
    recordUsage(tenant, found.id, at);
    seeded.subscriptions.push({ id: sub.id, licenseId: sub.licenseId, quantity: sub.quantity, parentId });
    return sub;
  };
  for (const spec of input.subscriptions ?? []) {
    const parent = add(spec, null);
    for (const addonSpec of spec.addons ?? []) add(addonSpec, parent.id);
  }
  return seeded;
}

export function patchTenant(tenant: Tenant, patch: z.infer<typeof TenantPatch>): void {
  if (patch.hasAcceptedNewMCA !== undefined) tenant.hasAcceptedNewMCA = patch.hasAcceptedNewMCA;
  if (patch.status !== undefined) tenant.status = patch.status;
  if (patch.mpnIssueFlag !== undefined) tenant.mpnIssueFlag = patch.mpnIssueFlag;
  if (patch.tags !== undefined) tenant.tags = patch.tags;
}

/** The CSP2 plan's rules in effect (states written before they existed have none set). */
export function tenantPlanOf(state: State): TenantPlanRules {
  return { requireLicenceOption: state.tenantPlan?.requireLicenceOption ?? false };
}

export function setTenantPlan(state: State, input: TenantPlanInput): TenantPlanRules {
  state.tenantPlan = { ...tenantPlanOf(state), ...input };
  return tenantPlanOf(state);
}
