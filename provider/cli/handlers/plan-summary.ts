// `o365r plan-summary FILE`: what a plan does to seats and money, per tenant, as Markdown for a pull
// request comment or as JSON. The summary (grouping, seat counts, refusals from the resources' own
// diff, cost) is the core's (provider/resources/plan-summary.ts); this reads the file, finds prices
// and renders.
//
// Prices: when an accounts file is named (--accounts or O365R_ACCOUNTS), the cart offer of its first
// account (or --account) prices what it sells; --prices FILE prices the rest (or everything, without an
// accounts file); otherwise the summary shows seats only and says so. Each price carries its source.
// The default ./o365r.accounts.yaml is not used implicitly, so a pull request job without credentials
// still gets a seat summary.
//
// Peaks and windows: with an accounts file, each existing tenant whose seats the plan changes is read
// once (plans/observe.ts: subscriptions, billingPeriodPeaks, usageStatistics when needed) through the
// account its state records; without one, windows come from the plan's own states and the current
// period's figures are left out (a new tenant's first period needs no reading).

import type { Account } from "../../resources/index.js";
import {
  type PlanSummary,
  type SeatReduction,
  summarisePlan,
  type TenantSummary,
} from "../../resources/plan-summary.js";
import type { PriceSource, PriceTable } from "../../resources/prices.js";
import type { ObservedWindow, PeriodEffect, TenantObservation } from "../../resources/usage.js";
import { ACCOUNTS_ENV, selectAccounts } from "../lib/accounts.js";
import { type Connection, withConnection } from "../lib/connect.js";
import { EXIT, externalError, messageOf } from "../lib/errors.js";
import { type CliIo, say } from "../lib/io.js";
import { legendLine, type PriceLegend, Prices, readPriceFile, sourceMark } from "../lib/prices.js";
import { observeThrough, tenantsToObserve } from "../plans/observe.js";
import { readPlanFile } from "../plans/read.js";
import { mdCell, renderJson, renderMarkdownTable, signedMoney } from "../render/formats.js";
import type { HandlerDeps } from "./inventory.js";

export interface PlanSummaryOptions {
  file: string;
  prices?: string | undefined;
  accounts?: string | undefined;
  account?: string[] | undefined;
  format: "markdown" | "json";
  /** Term length assumed for renewals (Microsoft's window); default 12. */
  termMonths?: number | undefined;
}

export interface PlanSummaryOutput extends PlanSummary {
  file: string;
  /** Where prices came from, in words: an account's cart offer, a prices file, both, or none. */
  pricesFrom: string | null;
  /** The legend of the price sources in use: mark → what it is (each line's unitPrice.source). */
  priceSources: PriceLegend;
  /** The accounts this period's peaks and the windows were read through; empty when none was read. */
  observedThrough: string[];
}

/** Marks the comment so a CI job can find and update its previous one. */
export const COMMENT_MARKER = "<!-- o365r:plan-summary -->";

export async function runPlanSummary(
  options: PlanSummaryOptions,
  io: CliIo,
  deps: HandlerDeps = {},
): Promise<number> {
  const doc = readPlanFile(options.file);
  const now = io.now();
  const termMonths = options.termMonths;
  const file =
    options.prices === undefined ? undefined : { path: options.prices, table: readPriceFile(options.prices) };
  const sources = new Prices(file);
  let prices: PriceTable | undefined = file?.table;
  let cartAccount: string | undefined;
  const observed = new Map<string, TenantObservation>();
  const observedThrough: string[] = [];
  if (options.accounts !== undefined || (io.env[ACCOUNTS_ENV] ?? "") !== "") {
    const { accounts } = selectAccounts(options, io);
    const first = summarisePlan(doc, { now, termMonths });
    const licences = first.tenants.flatMap((t) =>
      t.licences.map((l) => ({ name: l.licence, id: l.licenseId })),
    );
    const pending = tenantsToObserve(doc, first);
    const unreadable: string[] = [];
    for (const [i, spec] of accounts.entries()) {
      const wantPrices = i === 0;
      if (!wantPrices && pending.size === 0) break;
      // Prices are what the summary was asked for: without them (and without a prices file to fall back
      // on) it fails. Peaks and windows are extra: an account that cannot be read leaves its tenants'
      // figures out, and says why.
      const observe = async (connection: Connection, me?: Account) => {
        const before = pending.size;
        try {
          // With one account every tenant goes through it; with several, tenants go to the account
          // their state records (its NIC from the accounts file, else from GET /me).
          const nic =
            accounts.length === 1 ? undefined : (spec.nic ?? (me ?? (await connection.api.whoAmI())).nic);
          await observeThrough(connection, pending, observed, now, nic);
        } catch (error) {
          unreadable.push(`account ${spec.name} could not be read: ${messageOf(error)}`);
        }
        if (pending.size < before) observedThrough.push(spec.name);
      };
      if (wantPrices) {
        try {
          await withConnection(
            spec,
            io,
            async (connection) => {
              // The cart is created in the account's subsidiary: GET /me once, for both uses.
              const me = await connection.api.whoAmI();
              const lookup = await sources.lookup(connection.api, licences, me);
              if (lookup.cartError !== undefined && file === undefined) {
                throw new Error(lookup.cartError);
              }
              if (lookup.cartError !== undefined) {
                say(
                  io,
                  `account ${spec.name}: no cart prices (${lookup.cartError}); using ${file!.path} alone.`,
                );
              } else {
                cartAccount = spec.name;
              }
              prices = lookup.table;
              if (pending.size > 0) await observe(connection, me);
            },
            deps.makeApi,
          );
        } catch (error) {
          throw externalError(`prices through account ${spec.name}: ${messageOf(error)}`);
        }
      } else {
        try {
          await withConnection(spec, io, observe, deps.makeApi);
        } catch (error) {
          unreadable.push(`account ${spec.name} could not be read: ${messageOf(error)}`);
        }
      }
    }
    const names = accounts.map((a) => a.name).join(", ");
    for (const serviceName of pending.keys()) {
      observed.set(serviceName, {
        error: [`not found in account${accounts.length === 1 ? "" : "s"} ${names}`, ...unreadable].join("; "),
      });
    }
  }
  const summary = summarisePlan(doc, { now, prices, observed, termMonths });
  const used = new Set<PriceSource>(
    summary.tenants.flatMap((t) =>
      t.licences.flatMap((l) => (l.unitPrice?.source ? [l.unitPrice.source] : [])),
    ),
  );
  const pricesFrom =
    prices === undefined
      ? null
      : [cartAccount && `cart offer of account ${cartAccount}`, file && `price file ${file.path}`]
          .filter(Boolean)
          .join(", else ");
  const output: PlanSummaryOutput = {
    file: options.file,
    pricesFrom,
    priceSources: sources.legend(used, cartAccount ? [cartAccount] : []),
    observedThrough,
    ...summary,
  };
  io.stdout.write(options.format === "json" ? renderJson(output) : renderPlanMarkdown(output));
  return EXIT.ok;
}

/** URNs are long: show their resource name; Terraform addresses stay as they are. */
export function shortAddress(address: string | undefined): string {
  if (address === undefined) return "";
  return address.startsWith("urn:pulumi:") ? (address.split("::").at(-1) ?? address) : address;
}

function tenantTitle(t: TenantSummary): string {
  const name = t.serviceName ?? `new tenant ${shortAddress(t.address ?? t.tenant.replace(/^\(new\) /, ""))}`;
  return t.displayName ? `${name} (${t.displayName})` : name;
}

const seats = (n: number | undefined) => (n === undefined ? "? (known after apply)" : String(n));

export function renderPlanMarkdown(o: PlanSummaryOutput): string {
  const engine = o.engine === "pulumi" ? "`pulumi preview`" : "Terraform/OpenTofu plan";
  const out: string[] = [COMMENT_MARKER, `### Licence changes in this ${engine}`, ""];
  const periods = o.tenants.some((t) => t.licences.some((l) => l.period !== undefined));
  const rows = o.tenants.flatMap((t) =>
    t.licences.map((l) => [
      tenantTitle(t),
      l.licence,
      l.seatsAdded > 0 ? `+${l.seatsAdded}` : "",
      l.seatsRemoved > 0 ? `−${l.seatsRemoved}` : "",
      `${l.seatsAdded - l.seatsRemoved >= 0 ? "+" : "−"}${Math.abs(l.seatsAdded - l.seatsRemoved)}${l.unknownSeats ? " + ?" : ""}`,
      ...(periods ? [peakCell(l.period)] : []),
      ...(o.priced
        ? [
            l.unitPrice
              ? `${l.unitPrice.value.toFixed(2)} ${l.unitPrice.currency} ${sourceMark([l.unitPrice.source])}`.trimEnd()
              : "no price",
            ...(periods
              ? [
                  l.period?.cost !== undefined && l.unitPrice
                    ? signedMoney(l.period.cost, l.unitPrice.currency)
                    : "",
                ]
              : []),
            l.monthlyChange !== undefined && l.unitPrice
              ? signedMoney(l.monthlyChange, l.unitPrice.currency)
              : "",
          ]
        : []),
    ]),
  );
  if (rows.length > 0) {
    out.push(
      renderMarkdownTable(
        [
          { title: "tenant" },
          { title: "licence" },
          { title: "seats added", align: "right" },
          { title: "seats removed", align: "right" },
          { title: "net", align: "right" },
          ...(periods ? [{ title: "this period: peak / most seats", align: "right" as const }] : []),
          ...(o.priced
            ? [
                { title: "price per seat / month", align: "right" as const },
                ...(periods ? [{ title: "this period", align: "right" as const }] : []),
                { title: "per month from next period", align: "right" as const },
              ]
            : []),
        ],
        rows,
      ),
    );
  } else {
    out.push("No seat changes.", "");
  }
  const t = o.totals;
  const sum = (m: Record<string, number>) => Object.entries(m).map(([c, v]) => signedMoney(v, c));
  const total = [
    `**Seats:** +${t.seatsAdded} / −${t.seatsRemoved}${t.unknownSeats ? " (some counts known only after apply)" : ""}`,
  ];
  if (o.priced) {
    const period = sum(t.thisPeriodChange);
    if (periods) {
      total.push(
        `**this period: ${period.length > 0 ? period.join(" + ") : "none"}${t.periodKnown ? "" : " (where read)"}**`,
      );
    }
    const money = sum(t.monthlyChange);
    total.push(
      money.length > 0
        ? `**per month from the next period: ${money.join(" + ")}**`
        : "**per month from the next period: none**",
      `(${legendLine(o.priceSources) || o.pricesFrom}; excl. tax${t.unpriced.length > 0 ? `; no price for ${t.unpriced.join(", ")}` : ""})`,
    );
  } else {
    total.push(
      "(no prices given: seats only; pass `--prices FILE` or `--accounts FILE` for the cost of this period and per month)",
    );
  }
  out.push(total.join(" · "), "");
  const atRisk = sum(t.savingsOutsideWindow);
  if (atRisk.length > 0) {
    out.push(
      `**⚠️ ${atRisk.join(" + ")} per month of it comes from reductions and cancellations outside Microsoft's window:** they will be refused until it reopens (see below).`,
      "",
    );
  }
  if (t.refused > 0)
    out.push(`**⛔ ${t.refused} change${t.refused === 1 ? "" : "s"} will be refused** (see below).`, "");

  for (const g of o.tenants) {
    const items: string[] = [];
    const ref = (r: {
      address: string;
      id?: string | undefined;
      licence: string;
      seats?: number | undefined;
    }) => `\`${mdCell(r.id ?? shortAddress(r.address))}\` ${mdCell(r.licence)} × ${seats(r.seats)}`;
    if (g.period) items.push(`- Billing period ${g.period.startDate} to ${g.period.endDate}`);
    for (const r of g.boughtWithTenant)
      items.push(`- Bought with the tenant: ${mdCell(r.licence)} × ${seats(r.seats)}`);
    for (const r of g.created) items.push(`- New subscription: ${ref(r)}`);
    for (const r of g.reductions) items.push(`- Reduced: ${reduction(r)}`);
    for (const r of g.cancelled) items.push(`- Cancelled: ${ref(r)}${windowText(r.window)}`);
    for (const r of g.adopted)
      items.push(
        r.fromTenantOrder
          ? `- Adopts what the tenant's order buys (only a seat difference is bought or returned): ${ref(r)}`
          : `- Adopted (nothing bought): ${ref(r)}`,
      );
    for (const r of g.forgotten)
      items.push(`- Removed from the state only (keeps running and billing): ${ref(r)}`);
    for (const r of g.refused)
      items.push(`- ⛔ Refused${r.address ? ` (\`${shortAddress(r.address)}\`)` : ""}: ${mdCell(r.message)}`);
    for (const w of g.warnings) items.push(`- ⚠️ ${mdCell(w.message)}`);
    if (g.observationError !== undefined) {
      items.push(`- Peaks and windows not read live: ${mdCell(g.observationError)}`);
    }
    const change = tenantChange(g);
    if (items.length === 0 && change === "") continue;
    out.push(`#### ${mdCell(tenantTitle(g))}${change}`, "");
    if (items.length > 0) out.push(...items, "");
  }
  for (const r of o.refused)
    out.push(`- ⛔ ${r.address ? `\`${shortAddress(r.address)}\`: ` : ""}${mdCell(r.message)}`);
  for (const n of o.notes) out.push(`> ${n}`);
  if (o.assumptions.length > 0) {
    if (o.observedThrough.length === 0) {
      out.push(
        "> This period's peaks were not read (name an accounts file with `--accounts` or `$O365R_ACCOUNTS`): windows come from the plan's own states.",
      );
    }
    out.push(`> **Assumed** (OVHcloud does not publish these rules): ${o.assumptions.join(" ")}`);
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** `12 / 15 (+3 above)`: this period's peak so far, and the most seats held while the plan applies. */
function peakCell(p: PeriodEffect | undefined): string {
  if (!p) return "not read";
  const above = p.seatsAbovePeak > 0 ? ` (+${p.seatsAbovePeak} above)` : "";
  return `${p.peak} / ${p.highest}${above}`;
}

/** `2026-12-07T10:46:00Z` → `2026-12-07 10:46 UTC`. */
export function utc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** What Microsoft's window means for a reduction or cancellation, as a clause. */
export function windowText(w: ObservedWindow | undefined): string {
  if (!w) return "";
  const assumed = w.assumedAddition ? ", if the last update added seats" : "";
  const from = w.source === "plan" ? "; dates from the plan's state" : "";
  if (w.state === "open") {
    return ` — window open until ${utc(w.closesAt)} (${w.reason}${assumed}${from})`;
  }
  return ` — ⛔ window closed: next one ${utc(w.opensAt)} to ${utc(w.closesAt)} (renewal${from})`;
}

function reduction(r: SeatReduction): string {
  return `\`${mdCell(r.id ?? shortAddress(r.address))}\` ${mdCell(r.licence)} ${r.from} → ${r.to}${windowText(r.window)}`;
}

function tenantChange(g: TenantSummary): string {
  switch (g.change) {
    case "none":
      return "";
    case "create":
      return " — new tenant ordered";
    case "adopt":
      return " — adopted (nothing ordered)";
    case "update":
      return g.properties.length > 0
        ? ` — updated in place: ${g.properties.join(", ")}`
        : " — state-only update";
    case "delete":
      return " — ended at expiry";
    case "replace":
      return " — replaced by a new tenant";
    case "forget":
      return " — removed from the state only";
  }
}
