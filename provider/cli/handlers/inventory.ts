// `o365r inventory`: every tenant and subscription of every selected account, with monthly prices from
// each account's cart offer, else from a prices file (each marked with its source), this billing period's peak of each subscription's licence and Microsoft's window for
// reductions (provider/resources/usage.ts, windows.ts). Accounts that fail are reported on stderr and
// make the exit code 1; the others are still listed.
import { cents, licenceKey, type PriceSource, type UnitPrice } from "../../resources/prices.js";
import { assumptions, peakOf } from "../../resources/usage.js";
import { ASSUMED_TERM_MONTHS, reductionWindow, type WindowState } from "../../resources/windows.js";
import { selectAccounts } from "../lib/accounts.js";
import type { ApiFactory } from "../lib/connect.js";
import { EXIT } from "../lib/errors.js";
import { type CliIo, colorEnabled, say, writeAll } from "../lib/io.js";
import { legendLine, type PriceLegend, Prices, readPriceFile, sourceMark } from "../lib/prices.js";
import { accountError, allFailed, scanProgress } from "../lib/progress.js";
import { type AccountScan, scanAccounts } from "../lib/scan.js";
import {
  type Cell,
  type Column,
  jsonChunks,
  money,
  renderCsv,
  renderJson,
  renderMarkdownTable,
  renderTable,
  shortDate,
} from "../render/formats.js";

export type InventoryFormat = "table" | "json" | "markdown" | "csv";

export interface InventoryOptions {
  accounts?: string | undefined;
  account?: string[] | undefined;
  format: InventoryFormat;
  /** Look up prices (default true; --no-prices). */
  prices?: boolean | undefined;
  /** A prices file for the licences the carts do not price (--prices FILE). */
  pricesFile?: string | undefined;
  /** Read this period's peaks and usage statistics (default true). */
  peaks?: boolean | undefined;
  /** Term length assumed for renewals (Microsoft's window); default 12. */
  termMonths?: number | undefined;
  quiet?: boolean | undefined;
}

export interface HandlerDeps {
  makeApi?: ApiFactory | undefined;
}

export interface InventorySubscription {
  subscriptionId: number;
  licenseId: number;
  licenseName: string | null;
  status: string;
  quantity: number;
  creationDate: string;
  lastUpdate: string | null;
  parentId?: number | undefined;
  unitPrice: number | null;
  monthlyPrice: number | null;
  currency: string | null;
  /** Where the price came from: the account's cart offer or the prices file; null without a price. */
  priceSource: PriceSource | null;
  /** This billing period's peak of the subscription's licence in the tenant; null when not read. */
  periodPeak: number | null;
  /** Microsoft's window for reductions and cancellations as of the inventory's time. */
  window: WindowState | null;
}

export interface InventoryTenant {
  serviceName: string;
  displayName: string;
  status: string;
  creationDate: string;
  hasAcceptedNewMCA: boolean | null;
  seats: number;
  monthlyPrice: number | null;
  currency: string | null;
  /** Sources of its subscriptions' prices. */
  priceSources: PriceSource[];
  /** The current billing period (`YYYY-MM-DD`), when read. */
  period: { startDate: string; endDate: string } | null;
  /** Why the period's peaks or the usage statistics could not be read. */
  usageError?: string | undefined;
  subscriptions: InventorySubscription[];
}

export interface InventoryAccount {
  name: string;
  nic: string | null;
  endpoint: string | null;
  error?: string | undefined;
  tenants: InventoryTenant[];
}

export interface Inventory {
  generatedAt: string;
  accounts: InventoryAccount[];
  totals: {
    accounts: number;
    tenants: number;
    subscriptions: number;
    seats: number;
    monthlyPrice: Record<string, number>;
  };
  /** Licences the price catalogue has no price for (their subscriptions show no price). */
  unpriced: string[];
  /** False when prices were not looked up (--no-prices). */
  priced: boolean;
  /** The legend of the price sources in use: mark → what it is. */
  priceSources: PriceLegend;
  /** False when this period's peaks were not read (--no-peaks). */
  peaks: boolean;
  termMonths: number;
  /** The billing and window rules the peak and window columns rest on. */
  assumptions: string[];
}

export async function runInventory(
  options: InventoryOptions,
  io: CliIo,
  deps: HandlerDeps = {},
): Promise<number> {
  const selection = selectAccounts(options, io);
  if (selection.file === undefined && !options.quiet) {
    say(io, 'no accounts file: using the OVH_* environment and ovh.conf as account "default".');
  }
  const priced = options.prices !== false;
  const prices = priced
    ? new Prices(
        options.pricesFile === undefined
          ? undefined
          : { path: options.pricesFile, table: readPriceFile(options.pricesFile) },
      )
    : undefined;
  const progress = scanProgress(io, selection.accounts.length, options.quiet === true);
  const peaks = options.peaks !== false;
  const now = io.now();
  let scans: AccountScan[];
  try {
    scans = await scanAccounts(selection.accounts, io, {
      ...progress.hooks,
      prices,
      usage: peaks ? { now } : undefined,
      makeApi: deps.makeApi,
    });
  } finally {
    progress.stop();
  }
  const inventory = buildInventory(scans, now, prices, { peaks, termMonths: options.termMonths });
  const failed = scans.filter((s) => s.error !== undefined);
  const cartErrors = scans.flatMap((s) =>
    s.prices?.cartError !== undefined ? [`account ${s.name}: no cart prices (${s.prices.cartError}).`] : [],
  );
  const nothing = allFailed(scans);
  // The inventory holds copies of what it shows: the scans can go before the output is written.
  scans = [];
  if (!nothing) {
    if (options.format === "json") {
      // Piece by piece: thousands of subscriptions make several megabytes of JSON.
      await writeAll(io.stdout, jsonChunks(inventory, 4));
    } else {
      io.stdout.write(renderInventory(inventory, options.format, colorEnabled(io, io.stdout)));
    }
  }
  for (const scan of failed) say(io, accountError(scan));
  if (!options.quiet) for (const line of cartErrors) say(io, line);
  if (inventory.unpriced.length > 0 && !options.quiet) {
    say(
      io,
      `no price for ${inventory.unpriced.join(", ")} (neither a cart offer nor ${prices?.file ? `the prices file ${prices.file.path}` : "a prices file (--prices FILE)"}): shown without a price.`,
    );
  }
  const unread = inventory.accounts.flatMap((a) => a.tenants.filter((t) => t.usageError !== undefined));
  if (unread.length > 0 && !options.quiet) {
    say(
      io,
      `period peaks of ${unread.length} tenant(s) not read (${unread[0]!.serviceName}: ${unread[0]!.usageError}).`,
    );
  }
  if (options.format === "csv" && !options.quiet && !nothing)
    say(io, `assumed: ${inventory.assumptions.join(" ")}`);
  return failed.length > 0 ? EXIT.failure : EXIT.ok;
}

export function buildInventory(
  scans: readonly AccountScan[],
  now: Date,
  prices: Prices | undefined,
  options: { peaks?: boolean | undefined; termMonths?: number | undefined } = {},
): Inventory {
  const priced = prices !== undefined;
  const used = new Set<PriceSource>();
  const termMonths = options.termMonths ?? ASSUMED_TERM_MONTHS;
  const totals: Inventory["totals"] = {
    accounts: 0,
    tenants: 0,
    subscriptions: 0,
    seats: 0,
    monthlyPrice: {},
  };
  const unpriced = new Set<string>();
  const accounts = scans.map((scan): InventoryAccount => {
    if (scan.error === undefined) totals.accounts += 1;
    const priceOf = (name: string | undefined): UnitPrice | undefined =>
      name === undefined ? undefined : scan.prices?.table.get(licenceKey(name));
    for (const m of scan.prices?.missing ?? []) unpriced.add(m);
    const tenants = scan.tenants.map((t): InventoryTenant => {
      const monthly: Record<string, number> = {};
      let seats = 0;
      const subscriptions = t.subscriptions.map((s): InventorySubscription => {
        const name = s.licence?.name;
        const price = priceOf(name);
        const monthlyPrice = price ? cents(price.value * s.subscription.quantity) : null;
        if (price?.source) used.add(price.source);
        if (price && monthlyPrice !== null)
          monthly[price.currency] = cents((monthly[price.currency] ?? 0) + monthlyPrice);
        else if (priced && name === undefined) unpriced.add(`licence #${s.subscription.licenseId}`);
        seats += s.subscription.quantity;
        const period = t.usage?.period;
        return {
          subscriptionId: s.subscription.id,
          licenseId: s.subscription.licenseId,
          licenseName: name ?? null,
          status: s.subscription.status,
          quantity: s.subscription.quantity,
          creationDate: s.subscription.creationDate,
          lastUpdate: s.subscription.lastUpdate ?? null,
          ...(s.parentId !== undefined ? { parentId: s.parentId } : {}),
          unitPrice: price?.value ?? null,
          monthlyPrice,
          currency: price?.currency ?? null,
          priceSource: price?.source ?? null,
          periodPeak: period ? peakOf(period, { id: s.subscription.licenseId, name }) : null,
          window:
            reductionWindow(s.subscription, {
              now,
              termMonths,
              seatAddition: t.usage?.seatAdditions?.get(s.subscription.id),
            }) ?? null,
        };
      });
      totals.tenants += 1;
      totals.subscriptions += subscriptions.length;
      totals.seats += seats;
      const currencies = Object.keys(monthly);
      for (const c of currencies) totals.monthlyPrice[c] = cents((totals.monthlyPrice[c] ?? 0) + monthly[c]!);
      return {
        serviceName: t.tenant.serviceName,
        displayName: t.tenant.displayName,
        status: t.tenant.status,
        creationDate: t.tenant.creationDate,
        hasAcceptedNewMCA: t.tenant.hasAcceptedNewMCA ?? null,
        seats,
        monthlyPrice: currencies.length === 1 ? monthly[currencies[0]!]! : null,
        currency: currencies.length === 1 ? currencies[0]! : null,
        priceSources: [
          ...new Set(subscriptions.flatMap((x) => (x.priceSource ? [x.priceSource] : []))),
        ].sort(),
        period: t.usage?.period
          ? { startDate: t.usage.period.startDate, endDate: t.usage.period.endDate }
          : null,
        ...(t.usage?.error !== undefined ? { usageError: t.usage.error } : {}),
        subscriptions,
      };
    });
    return {
      name: scan.name,
      nic: scan.nic ?? null,
      endpoint: scan.endpoint ?? null,
      ...(scan.error !== undefined ? { error: scan.error } : {}),
      tenants,
    };
  });
  const cartAccounts = scans
    .filter((s) => s.prices !== undefined && s.prices.cartError === undefined)
    .map((s) => s.name);
  return {
    generatedAt: now.toISOString(),
    accounts,
    totals,
    unpriced: [...unpriced].sort(),
    priced,
    priceSources: prices?.legend(used, cartAccounts) ?? {},
    peaks: options.peaks !== false,
    termMonths,
    assumptions: assumptions(termMonths),
  };
}

const COLUMNS: Column[] = [
  { title: "account" },
  { title: "service name" },
  { title: "display name" },
  { title: "status" },
  { title: "licence" },
  { title: "seats", align: "right" },
  { title: "created" },
  { title: "last update" },
  { title: "monthly price", align: "right" },
  { title: "period peak", align: "right" },
  { title: "reduction window (UTC)" },
];

const CSV_HEADER = [
  "account",
  "nic",
  "kind",
  "service_name",
  "subscription_id",
  "display_name",
  "status",
  "license_id",
  "license",
  "seats",
  "created",
  "last_update",
  "unit_price",
  "monthly_price",
  "currency",
  "price_source",
  "period_start",
  "period_end",
  "period_peak",
  "window",
  "window_opens",
  "window_closes",
];

/** A price with its source's mark, e.g. `292.50 EUR [c]`. */
function markedMoney(value: number | null, currency: string | null, sources: PriceSource[]): string {
  const text = money(value ?? undefined, currency ?? undefined);
  const mark = sourceMark(sources);
  return text && mark ? `${text} ${mark}` : text;
}

export function renderInventory(inventory: Inventory, format: InventoryFormat, color: boolean): string {
  if (format === "json") return renderJson(inventory);
  if (format === "csv") return renderCsv(CSV_HEADER, csvRows(inventory));
  const rows: Cell[][] = [];
  for (const a of inventory.accounts) {
    for (const t of a.tenants) {
      rows.push([
        a.name,
        t.serviceName,
        t.displayName,
        t.status,
        "",
        t.seats,
        shortDate(t.creationDate),
        "",
        markedMoney(t.monthlyPrice, t.currency, t.priceSources),
        t.period ? `${t.period.startDate.slice(5)}…${t.period.endDate.slice(5)}` : "",
        "",
      ]);
      for (const s of t.subscriptions) {
        rows.push([
          a.name,
          `${t.serviceName}/${s.subscriptionId}`,
          s.parentId !== undefined ? `  add-on of ${s.parentId}` : "",
          s.status,
          s.licenseName ?? `licence #${s.licenseId}`,
          s.quantity,
          shortDate(s.creationDate),
          shortDate(s.lastUpdate),
          markedMoney(s.monthlyPrice, s.currency, s.priceSource ? [s.priceSource] : []),
          s.periodPeak,
          windowCell(s.window),
        ]);
      }
    }
  }
  const t = inventory.totals;
  const total = Object.entries(t.monthlyPrice)
    .map(([c, v]) => money(v, c))
    .join(" + ");
  const summary = `${t.accounts} account${t.accounts === 1 ? "" : "s"}, ${t.tenants} tenants, ${t.subscriptions} subscriptions, ${t.seats} seats${total ? `, ${total} per month` : ""}${inventory.priced ? "" : " (prices not looked up)"}`;
  const legend = legendLine(inventory.priceSources);
  const priced = legend ? `${summary}\n${legend}; monthly, excl. tax` : summary;
  const assumed = `Assumed (OVHcloud does not publish these rules): ${inventory.assumptions.join(" ")}`;
  if (format === "markdown") {
    return `${renderMarkdownTable(COLUMNS, rows)}\n${priced}\n\n> ${assumed}\n`;
  }
  return `${renderTable(COLUMNS, rows, color)}${priced}\n${assumed}\n`;
}

/** `open until 2026-12-07 10:46` or `opens 2027-10-28 10:46`, UTC; `(assumed)` when it rests on an unconfirmed addition. */
export function windowCell(w: WindowState | null): string {
  if (!w) return "";
  if (w.state === "open")
    return `open until ${shortDate(w.closesAt)}${w.assumedAddition ? " (assumed)" : ""}`;
  return `opens ${shortDate(w.opensAt)}`;
}

function csvRows(inventory: Inventory): Cell[][] {
  const rows: Cell[][] = [];
  for (const a of inventory.accounts) {
    for (const t of a.tenants) {
      rows.push([
        a.name,
        a.nic,
        "tenant",
        t.serviceName,
        "",
        t.displayName,
        t.status,
        "",
        "",
        t.seats,
        t.creationDate,
        "",
        "",
        t.monthlyPrice?.toFixed(2),
        t.currency,
        t.priceSources.join("+"),
        t.period?.startDate,
        t.period?.endDate,
        "",
        "",
        "",
        "",
      ]);
      for (const s of t.subscriptions) {
        rows.push([
          a.name,
          a.nic,
          "subscription",
          t.serviceName,
          s.subscriptionId,
          t.displayName,
          s.status,
          s.licenseId,
          s.licenseName,
          s.quantity,
          s.creationDate,
          s.lastUpdate,
          s.unitPrice?.toFixed(2),
          s.monthlyPrice?.toFixed(2),
          s.currency,
          s.priceSource,
          t.period?.startDate,
          t.period?.endDate,
          s.periodPeak,
          s.window?.state,
          s.window?.opensAt,
          s.window?.closesAt,
        ]);
      }
    }
  }
  return rows;
}
