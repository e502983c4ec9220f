// Plan summaries: what a plan (`pulumi preview --json`, `tofu show -json <plan>`) does to seats and
// money, per tenant. The front end reads the engine's JSON into `PlanDocument` (states in the core's
// shapes, inputs camelCased, unknown values as UNKNOWN); this groups the changes by tenant, counts seats
// per licence, prices them, and asks the resources' own diff which changes are refused or risky, so a
// summary never disagrees with what the providers will do. With what the front end read live per tenant
// (usage.ts: this period's peaks, the subscriptions, seat additions) it adds what a change costs in the
// current billing period and, for reductions and cancellations, Microsoft's window (windows.ts).
import type { Refusal } from "./errors.js";
import { isUnknown, type Warning } from "./plan.js";
import { cents, licenceKey, type PriceTable, priceOf, type UnitPrice } from "./prices.js";
import { diffSubscription, planSubscriptionDelete, type SubscriptionObserved } from "./subscription/diff.js";
import {
  type SubscriptionInputs,
  type SubscriptionState,
  subscriptionResourceId,
} from "./subscription/schema.js";
import { diffTenant, planTenantDelete } from "./tenant/diff.js";
import type { TenantInputs, TenantState } from "./tenant/schema.js";
import {
  assumptions,
  licenceIdIn,
  type ObservedWindow,
  type PeriodEffect,
  peakOf,
  periodEffect,
  seatsHeld,
  type TenantObservation,
  windowOf,
} from "./usage.js";
import { ASSUMED_TERM_MONTHS } from "./windows.js";

/** `forget`: removed from the state only (Terraform `removed` blocks, Pulumi retainOnDelete); it keeps running. */
export type PlannedAction = "create" | "update" | "delete" | "replace" | "forget";

interface PlannedBase {
  /** Pulumi URN or Terraform address. */
  address: string;
  action: PlannedAction;
  /** Imported (Terraform import block) or adopted (adopt* input): nothing is ordered. */
  adopt?: boolean | undefined;
  /** Inputs after the change, camelCase; values not known yet are UNKNOWN. */
  after?: Record<string, unknown> | undefined;
}
export interface PlannedTenant extends PlannedBase {
  kind: "tenant";
  before?: TenantState | undefined;
}
export interface PlannedSubscription extends PlannedBase {
  kind: "subscription";
  before?: SubscriptionState | undefined;
  /** When `after.tenant` is not known yet: the address of the tenant resource it refers to, if known. */
  tenantAddress?: string | undefined;
}
export type PlannedChange = PlannedTenant | PlannedSubscription;

export interface EngineDiagnostic {
  severity: "error" | "warning";
  message: string;
  /** The resource it is about, when the engine says. */
  address?: string | undefined;
}

export interface PlanDocument {
  engine: "pulumi" | "terraform";
  changes: PlannedChange[];
  diagnostics: EngineDiagnostic[];
  /** Remarks of the reader, e.g. that the plan errored. */
  notes: string[];
  /** Display names of tenants the plan knows but does not change (to label their subscriptions' changes). */
  tenantNames?: Record<string, string> | undefined;
}

export interface SubscriptionRef {
  address: string;
  /** `<serviceName>/<subscriptionId>` when it exists. */
  id?: string | undefined;
  licence: string;
  /** Seats; undefined when not known until apply. */
  seats?: number | undefined;
  /** A subscription resource that adopts what its new tenant's order buys: only the difference is bought. */
  fromTenantOrder?: boolean | undefined;
  /** Cancellations: Microsoft's window for it, as of the summary's time. */
  window?: ObservedWindow | undefined;
}

/** Seats of an existing subscription lowered in place. */
export interface SeatReduction {
  address: string;
  id?: string | undefined;
  licence: string;
  from: number;
  to: number;
  window?: ObservedWindow | undefined;
}

export interface LicenceLine {
  licence: string;
  licenseId?: number | undefined;
  seatsAdded: number;
  seatsRemoved: number;
  /** Some seat count is not known until apply: the totals are a lower bound. */
  unknownSeats: boolean;
  unitPrice?: UnitPrice | undefined;
  /** (added − removed) × unit price: the change per month from the next billing period; absent without a price. */
  monthlyChange?: number | undefined;
  /** The effect on the current billing period; absent when the tenant's period was not read. */
  period?: PeriodEffect | undefined;
}

export interface TenantSummary {
  /** Service name, or `(new) <address>` for a tenant the plan orders. */
  tenant: string;
  serviceName?: string | undefined;
  displayName?: string | undefined;
  address?: string | undefined;
  /** What happens to the tenant itself (`none`: only its subscriptions change). */
  change: "create" | "adopt" | "update" | "delete" | "replace" | "forget" | "none";
  /** Tenant properties changed in place. */
  properties: string[];
  licences: LicenceLine[];
  created: SubscriptionRef[];
  /** Licences bought with a new tenant's order (its `licenses`): one subscription each at delivery. */
  boughtWithTenant: SubscriptionRef[];
  cancelled: SubscriptionRef[];
  /** Existing subscriptions whose seats go down, with their window. */
  reductions: SeatReduction[];
  adopted: SubscriptionRef[];
  forgotten: SubscriptionRef[];
  refused: Array<Refusal & { address?: string | undefined }>;
  warnings: Array<Warning & { address?: string | undefined }>;
  /** Per month from the next billing period, per currency; empty when no licence with a seat change has a price. */
  monthlyChange: Record<string, number>;
  /** What the plan adds to the current billing period (seats above its peak), per currency. */
  thisPeriodChange: Record<string, number>;
  /** The current billing period as read (`YYYY-MM-DD`), for an existing tenant. */
  period?: { startDate: string; endDate: string } | undefined;
  /** Why live figures (peaks, windows) of this tenant could not be read. */
  observationError?: string | undefined;
}

export interface PlanSummary {
  engine: "pulumi" | "terraform";
  tenants: TenantSummary[];
  totals: {
    seatsAdded: number;
    seatsRemoved: number;
    monthlyChange: Record<string, number>;
    thisPeriodChange: Record<string, number>;
    /** Part of monthlyChange from reductions and cancellations whose window is closed now (they will be refused). */
    savingsOutsideWindow: Record<string, number>;
    /** Licences with seat changes but no price. */
    unpriced: string[];
    refused: number;
    unknownSeats: boolean;
    /** Every licence line with a seat change has its effect on the current period. */
    periodKnown: boolean;
  };
  /** False when no price table was given: seats only. */
  priced: boolean;
  /** Engine errors not tied to one of our resources, and reader notes. */
  refused: Array<Refusal & { address?: string | undefined }>;
  notes: string[];
  /** The billing and window rules the period and window figures rest on (usage.ts); empty when none is shown. */
  assumptions: string[];
  termMonths: number;
}

export interface SummaryOptions {
  prices?: PriceTable | undefined;
  now: Date;
  /** What was read live, by tenant service name. */
  observed?: ReadonlyMap<string, TenantObservation> | undefined;
  /** Term length assumed for renewals (windows.ts); default ASSUMED_TERM_MONTHS. */
  termMonths?: number | undefined;
}

interface EffectContext {
  now: Date;
  termMonths: number;
  observation: TenantObservation | undefined;
}

const UNKNOWN_TENANT = "(tenant known after apply)";

export function summarisePlan(doc: PlanDocument, options: SummaryOptions): PlanSummary {
  const groups = new Map<string, TenantSummary>();
  const group = (key: string): TenantSummary => {
    let g = groups.get(key);
    if (!g) {
      g = {
        tenant: key,
        change: "none",
        properties: [],
        licences: [],
        created: [],
        boughtWithTenant: [],
        cancelled: [],
        reductions: [],
        adopted: [],
        forgotten: [],
        refused: [],
        warnings: [],
        monthlyChange: {},
        thisPeriodChange: {},
      };
      if (!key.startsWith("(")) g.serviceName = key;
      groups.set(key, g);
    }
    return g;
  };
  const keyOfAddress = new Map<string, string>();
  const tenants = doc.changes.filter((c): c is PlannedTenant => c.kind === "tenant");
  const subscriptions = doc.changes.filter((c): c is PlannedSubscription => c.kind === "subscription");

  for (const c of tenants) {
    const adoptName = str(c.after?.adoptServiceName);
    const serviceName = c.before?.serviceName ?? (c.action === "create" ? adoptName : undefined);
    const key = serviceName ?? `(new) ${c.address}`;
    keyOfAddress.set(c.address, key);
    const g = group(key);
    g.address = c.address;
    g.displayName = str(c.after?.displayName) ?? c.before?.displayName;
    tenantEffects(c, g);
  }
  const subKeyOf = (c: PlannedSubscription): string => {
    const named = str(c.after?.tenant);
    if (named !== undefined) return keyOfAddress.get(named) ?? named;
    if (c.tenantAddress !== undefined) return keyOfAddress.get(c.tenantAddress) ?? `(new) ${c.tenantAddress}`;
    return c.before?.tenant ?? UNKNOWN_TENANT;
  };
  const termMonths = options.termMonths ?? ASSUMED_TERM_MONTHS;
  const observationOf = (g: TenantSummary) =>
    g.serviceName === undefined ? undefined : options.observed?.get(g.serviceName);
  for (const c of subscriptions) {
    const g = group(subKeyOf(c));
    subscriptionEffects(c, g, { now: options.now, termMonths, observation: observationOf(g) });
  }
  pairingNotes(groups);

  const global: PlanSummary["refused"] = [];
  const byAddress = new Map<string, TenantSummary>();
  for (const c of tenants) byAddress.set(c.address, group(keyOfAddress.get(c.address)!));
  for (const c of subscriptions) byAddress.set(c.address, group(subKeyOf(c)));
  for (const d of doc.diagnostics) {
    const g = d.address === undefined ? undefined : byAddress.get(d.address);
    if (d.severity === "error") {
      const entry = { code: "ENGINE_ERROR", message: d.message, address: d.address };
      if (g) pushUnique(g.refused, entry);
      else pushUnique(global, entry);
    } else if (g) {
      pushUnique(g.warnings, { code: "ENGINE_WARNING", message: d.message, address: d.address });
    }
  }

  const totals: PlanSummary["totals"] = {
    seatsAdded: 0,
    seatsRemoved: 0,
    monthlyChange: {},
    thisPeriodChange: {},
    savingsOutsideWindow: {},
    unpriced: [],
    refused: global.length,
    unknownSeats: false,
    periodKnown: true,
  };
  const add = (into: Record<string, number>, currency: string, value: number) => {
    into[currency] = cents((into[currency] ?? 0) + value);
  };
  let windowsShown = false;
  const list = [...groups.values()].sort((a, b) => a.tenant.localeCompare(b.tenant));
  for (const g of list) g.displayName ??= g.serviceName && doc.tenantNames?.[g.serviceName];
  const priceFor = (licence: { name: string; id?: number | undefined }) =>
    options.prices ? priceOf(options.prices, licence) : undefined;
  for (const g of list) {
    const observation = observationOf(g);
    if (observation?.period) {
      g.period = { startDate: observation.period.startDate, endDate: observation.period.endDate };
    }
    if (observation?.error !== undefined) g.observationError = observation.error;
    for (const line of g.licences) {
      const price = priceFor({ name: line.licence, id: line.licenseId });
      const net = line.seatsAdded - line.seatsRemoved;
      if (price) {
        line.unitPrice = price;
        line.monthlyChange = cents(net * price.value);
        add(g.monthlyChange, price.currency, line.monthlyChange);
      } else if ((net !== 0 || line.unknownSeats) && !totals.unpriced.includes(line.licence)) {
        totals.unpriced.push(line.licence);
      }
      line.period = linePeriod(g, line, observation, price);
      if (line.period?.cost !== undefined && price) add(g.thisPeriodChange, price.currency, line.period.cost);
      if (!line.period && (line.seatsAdded > 0 || line.seatsRemoved > 0 || line.unknownSeats)) {
        totals.periodKnown = false;
      }
      totals.seatsAdded += line.seatsAdded;
      totals.seatsRemoved += line.seatsRemoved;
      totals.unknownSeats ||= line.unknownSeats;
    }
    const lost = (licence: string, seats: number | undefined, window: ObservedWindow | undefined) => {
      if (window) windowsShown = true;
      const price = priceFor({ name: licence });
      if (window?.state === "closed" && price && seats !== undefined) {
        add(totals.savingsOutsideWindow, price.currency, -seats * price.value);
      }
    };
    for (const r of g.reductions) lost(r.licence, r.from - r.to, r.window);
    for (const c of g.cancelled) lost(c.licence, c.seats, c.window);
    for (const [currency, value] of Object.entries(g.monthlyChange))
      add(totals.monthlyChange, currency, value);
    for (const [currency, value] of Object.entries(g.thisPeriodChange)) {
      add(totals.thisPeriodChange, currency, value);
    }
    totals.refused += g.refused.length;
  }
  const periodsShown = list.some((g) => g.licences.some((l) => l.period !== undefined));
  return {
    engine: doc.engine,
    tenants: list,
    totals,
    priced: options.prices !== undefined,
    refused: global,
    notes: [...doc.notes],
    assumptions: periodsShown || windowsShown ? assumptions(termMonths) : [],
    termMonths,
  };
}

/** A licence line's effect on the current period: a new tenant's first period, or the period read live. */
function linePeriod(
  g: TenantSummary,
  line: LicenceLine,
  observation: TenantObservation | undefined,
  price: UnitPrice | undefined,
): PeriodEffect | undefined {
  if (g.change === "create") {
    return periodEffect({ period: null, peak: 0, seatsNow: 0, seatsAdded: line.seatsAdded, price });
  }
  if (!observation?.period || !observation.subscriptions) return undefined;
  const id = line.licenseId ?? licenceIdIn(observation.period, line.licence);
  return periodEffect({
    period: observation.period,
    peak: peakOf(observation.period, { id, name: line.licence }),
    seatsNow: seatsHeld(observation.subscriptions, id),
    seatsAdded: line.seatsAdded,
    price,
  });
}

function tenantEffects(c: PlannedTenant, g: TenantSummary): void {
  const adopting =
    c.adopt === true || (c.action === "create" && str(c.after?.adoptServiceName) !== undefined);
  switch (c.action) {
    case "create":
      g.change = adopting ? "adopt" : "create";
      if (!adopting) boughtWithTenant(c, g);
      return;
    case "forget":
      g.change = "forget";
      return;
    case "delete": {
      g.change = "delete";
      if (c.before) note(g, planTenantDelete(c.before, {}), c.address);
      return;
    }
    case "update":
    case "replace": {
      g.change = c.action === "update" && adopting ? "adopt" : c.action;
      if (c.before && c.after) {
        const plan = diffTenant(c.before, tenantInputs(c.before, c.after), {});
        g.properties.push(...plan.changes.filter((ch) => ch.effect !== "state").map((ch) => ch.property));
        note(g, plan, c.address);
      }
      // An engine update that changes nothing at OVHcloud (Pulumi's serialized provider code, timeouts,
      // allow* flags) is not a change of the tenant.
      if (g.change === "update" && g.properties.length === 0) g.change = "none";
      return;
    }
  }
}

/**
 * The licences a new tenant is ordered with: each bought at delivery as one subscription. Entries not
 * known until apply are counted as unknown seats (and said so).
 */
function boughtWithTenant(c: PlannedTenant, g: TenantSummary): void {
  const licences = c.after?.licenses;
  if (isUnknown(licences)) {
    g.warnings.push({
      code: "TENANT_LICENCES_UNKNOWN",
      address: c.address,
      message:
        "The licences this new tenant is ordered with are known only after apply: their seats are not counted here.",
    });
    return;
  }
  if (!Array.isArray(licences)) return;
  for (const entry of licences) {
    const e = (entry ?? {}) as Record<string, unknown>;
    const name = str(e.license);
    if (name === undefined) {
      g.warnings.push({
        code: "TENANT_LICENCES_UNKNOWN",
        address: c.address,
        message:
          "A licence this new tenant is ordered with is known only after apply: its seats are not counted here.",
      });
      continue;
    }
    const seats = num(e.quantity);
    g.boughtWithTenant.push({ address: c.address, licence: name, seats });
    seatChange(g, { name }, seats, 1);
  }
}

/** The licence the new tenant's order buys that this subscription will adopt, if any (same licence). */
function tenantPurchaseOf(g: TenantSummary, licence: LicenceRef): SubscriptionRef | undefined {
  return g.boughtWithTenant.find(
    (b) =>
      licenceKey(b.licence) === licenceKey(licence.name) &&
      !g.adopted.some((a) => a.fromTenantOrder && licenceKey(a.licence) === licenceKey(b.licence)),
  );
}

/**
 * Subscriptions the summary could not pair safely with a new tenant's order: their tenant or licence
 * is not known until apply, or the licence is given by id while the order names licences. Their seats
 * may then be counted twice (once with the tenant, once as a new subscription): said so.
 */
function pairingNotes(groups: Map<string, TenantSummary>): void {
  const ordering = [...groups.values()].filter((g) => g.change === "create" && g.boughtWithTenant.length > 0);
  if (ordering.length === 0) return;
  const unknownTenant = groups.get(UNKNOWN_TENANT);
  for (const r of unknownTenant?.created ?? []) {
    unknownTenant!.warnings.push({
      code: "PAIRING_UNKNOWN",
      address: r.address,
      message: `Subscription ${r.address} (${r.licence}) belongs to a tenant known only after apply; if it is a new tenant ordered with ${r.licence}, it adopts that purchase and its seats are counted twice here.`,
    });
  }
  for (const g of ordering) {
    for (const r of g.created) {
      if (!/^licence #\d+$|known after apply/.test(r.licence)) continue;
      g.warnings.push({
        code: "PAIRING_UNKNOWN",
        address: r.address,
        message: `Subscription ${r.address} names its licence ${r.licence.startsWith("licence #") ? "by id" : "only after apply"}, which cannot be compared with the licences the new tenant is ordered with; if it is one of them, it adopts that purchase and its seats are counted twice here.`,
      });
    }
  }
}

/** What the live reading adds to the diff's view of a subscription: its dates now, and seat additions. */
function observedFor(before: SubscriptionState, ctx: EffectContext): SubscriptionObserved {
  const live = ctx.observation?.subscriptions?.find((s) => s.id === before.subscriptionId);
  return {
    now: ctx.now,
    termMonths: ctx.termMonths,
    ...(live ? { subscription: live } : {}),
    seatAddition: ctx.observation?.seatAdditions?.get(before.subscriptionId),
  };
}

function subscriptionEffects(c: PlannedSubscription, g: TenantSummary, ctx: EffectContext): void {
  const before = c.before;
  const after = c.after ?? {};
  const adopting =
    c.adopt === true || (c.action === "create" && num(after.adoptSubscriptionId) !== undefined);
  const ref = (licence: { name: string }, seats: number | undefined, id?: string): SubscriptionRef => ({
    address: c.address,
    id,
    licence: licence.name,
    seats,
  });
  const beforeId = before ? subscriptionResourceId(before) : undefined;
  const windowOfBefore = (b: SubscriptionState) =>
    windowOf(b.subscriptionId, b, ctx.observation, { now: ctx.now, termMonths: ctx.termMonths });
  switch (c.action) {
    case "create": {
      const licence = licenceAfter(after, before);
      const seats = num(after.quantity);
      if (adopting) {
        g.adopted.push(ref(licence, seats, adoptedId(after)));
        return;
      }
      const purchase = g.change === "create" ? tenantPurchaseOf(g, licence) : undefined;
      if (purchase) {
        // It adopts what the tenant's order buys, then only changes its seats.
        g.adopted.push({ ...ref(licence, seats), fromTenantOrder: true });
        if (seats === undefined || purchase.seats === undefined) seatChange(g, licence, undefined, 1);
        else if (seats > purchase.seats) seatChange(g, licence, seats - purchase.seats, 1);
        else if (seats < purchase.seats) seatChange(g, licence, purchase.seats - seats, -1);
        return;
      }
      g.created.push(ref(licence, seats));
      seatChange(g, licence, seats, 1);
      return;
    }
    case "forget":
      if (before) g.forgotten.push(ref(licenceBefore(before), before.quantity, beforeId));
      return;
    case "delete":
      if (!before) return;
      g.cancelled.push({
        ...ref(licenceBefore(before), before.quantity, beforeId),
        window: windowOfBefore(before),
      });
      seatChange(g, licenceBefore(before), before.quantity, -1);
      note(g, planSubscriptionDelete(before, observedFor(before, ctx)), c.address);
      return;
    case "update": {
      if (!before) return;
      const licence = licenceBefore(before);
      const seats = quantityAfter(after, before);
      if (adopting) g.adopted.push(ref(licence, before.quantity, beforeId));
      if (seats === undefined) seatChange(g, licence, undefined, 1);
      else if (seats > before.quantity) seatChange(g, licence, seats - before.quantity, 1);
      else if (seats < before.quantity) {
        seatChange(g, licence, before.quantity - seats, -1);
        g.reductions.push({
          address: c.address,
          id: beforeId,
          licence: licence.name,
          from: before.quantity,
          to: seats,
          window: windowOfBefore(before),
        });
      }
      note(
        g,
        diffSubscription(before, subscriptionInputs(before, after), observedFor(before, ctx)),
        c.address,
      );
      return;
    }
    case "replace": {
      if (!before) return;
      const oldLicence = licenceBefore(before);
      const newLicence = licenceAfter(after, before);
      const seats = quantityAfter(after, before);
      g.created.push(ref(newLicence, seats));
      g.cancelled.push({ ...ref(oldLicence, before.quantity, beforeId), window: windowOfBefore(before) });
      seatChange(g, newLicence, seats, 1);
      seatChange(g, oldLicence, before.quantity, -1);
      note(
        g,
        diffSubscription(before, subscriptionInputs(before, after), observedFor(before, ctx)),
        c.address,
      );
      return;
    }
  }
}

interface LicenceRef {
  name: string;
  id?: number | undefined;
}

function licenceBefore(before: SubscriptionState): LicenceRef {
  return { name: before.licenseName || before.license, id: before.licenseId };
}

/** The licence after the change: the old one while the input still names it, else the input. */
function licenceAfter(after: Record<string, unknown>, before: SubscriptionState | undefined): LicenceRef {
  const given = after.license;
  if (before && (isUnknown(given) || given === undefined || sameLicence(String(given), before))) {
    return licenceBefore(before);
  }
  if (isUnknown(given) || given === undefined || given === null)
    return { name: "(licence known after apply)" };
  const text = String(given).trim();
  if (/^\d+$/.test(text)) return { name: `licence #${text}`, id: Number(text) };
  return { name: text };
}

function sameLicence(given: string, before: SubscriptionState): boolean {
  const k = licenceKey(given);
  return (
    k === licenceKey(before.license) || k === licenceKey(before.licenseName) || k === `#${before.licenseId}`
  );
}

function quantityAfter(after: Record<string, unknown>, before: SubscriptionState): number | undefined {
  if (isUnknown(after.quantity)) return undefined;
  return num(after.quantity) ?? before.quantity;
}

function seatChange(g: TenantSummary, licence: LicenceRef, seats: number | undefined, sign: 1 | -1): void {
  let line = g.licences.find((l) => licenceKey(l.licence) === licenceKey(licence.name));
  if (!line) {
    line = {
      licence: licence.name,
      licenseId: licence.id,
      seatsAdded: 0,
      seatsRemoved: 0,
      unknownSeats: false,
    };
    g.licences.push(line);
  }
  line.licenseId ??= licence.id;
  if (seats === undefined) line.unknownSeats = true;
  else if (sign > 0) line.seatsAdded += seats;
  else line.seatsRemoved += seats;
}

function note(g: TenantSummary, plan: { refusals: Refusal[]; warnings: Warning[] }, address: string): void {
  for (const r of plan.refusals) pushUnique(g.refused, { ...r, address });
  for (const w of plan.warnings) pushUnique(g.warnings, { ...w, address });
}

function pushUnique<T extends { message: string; address?: string | undefined }>(list: T[], item: T): void {
  if (!list.some((x) => x.message === item.message && x.address === item.address)) list.push(item);
}

function tenantInputs(before: TenantState, after: Record<string, unknown>): TenantInputs {
  const pick = <K extends keyof TenantInputs>(k: K): TenantInputs[K] =>
    (k in after ? after[k] : before[k]) as TenantInputs[K];
  const contact = isUnknown(after.contact)
    ? after.contact
    : { ...before.contact, ...((after.contact as object | undefined) ?? {}) };
  return {
    displayName: pick("displayName"),
    mpnId: pick("mpnId"),
    contact: contact as TenantInputs["contact"],
    subdomain: pick("subdomain"),
    allowReplacement: pick("allowReplacement"),
    allowTermination: pick("allowTermination"),
    adoptServiceName: pick("adoptServiceName"),
    timeouts: pick("timeouts"),
  };
}

function subscriptionInputs(before: SubscriptionState, after: Record<string, unknown>): SubscriptionInputs {
  const pick = <K extends keyof SubscriptionInputs>(k: K): SubscriptionInputs[K] =>
    (k in after && after[k] !== undefined ? after[k] : before[k]) as SubscriptionInputs[K];
  return {
    tenant: pick("tenant"),
    license: pick("license"),
    quantity: pick("quantity"),
    parent: pick("parent"),
    adoptSubscriptionId: pick("adoptSubscriptionId"),
    timeouts: pick("timeouts"),
  };
}

function adoptedId(after: Record<string, unknown>): string | undefined {
  const tenant = str(after.tenant);
  const id = num(after.adoptSubscriptionId);
  return tenant !== undefined && id !== undefined ? `${tenant}/${id}` : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && /^\s*\d+\s*$/.test(v)) return Number(v);
  return undefined;
}
