// `o365r inventory`: every tenant and subscription of every selected account, with monthly prices from
// the catalogue. Accounts that fail are reported on stderr and make the exit code 1; the others are
// still listed.
import { cents, licenceKey, type UnitPrice } from "../../resources/prices.js";
import { selectAccounts } from "../lib/accounts.js";
import type { ApiFactory } from "../lib/connect.js";
import { EXIT } from "../lib/errors.js";
import { type CliIo, colorEnabled, say } from "../lib/io.js";
import { CataloguePrices } from "../lib/prices.js";
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
  /** Look up catalogue prices (default true). */
  prices?: boolean | undefined;
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
  const progress = scanProgress(io, selection.accounts.length, options.quiet === true);
  const priced = options.prices !== false;
  let scans: AccountScan[];
  try {
    scans = await scanAccounts(selection.accounts, io, {
      ...progress.hooks,
      prices: priced ? new CataloguePrices() : undefined,
      makeApi: deps.makeApi,
    });
  } finally {
    progress.stop();
  }
  const inventory = buildInventory(scans, io.now(), priced);
  const failed = scans.filter((s) => s.error !== undefined);
  const nothing = allFailed(scans);
  // The inventory holds copies of what it shows: the scans can go before the output is written.
  scans = [];
  if (!nothing) {
    if (options.format === "json") {
      // Piece by piece: thousands of subscriptions make several megabytes of JSON.
      for (const chunk of jsonChunks(inventory, 4)) io.stdout.write(chunk);
    } else {
      io.stdout.write(renderInventory(inventory, options.format, colorEnabled(io, io.stdout)));
    }
  }
  for (const scan of failed) say(io, accountError(scan));
  if (inventory.unpriced.length > 0 && !options.quiet) {
    say(io, `no catalogue price for ${inventory.unpriced.join(", ")}: shown without a price.`);
  }
  return failed.length > 0 ? EXIT.failure : EXIT.ok;
}

export function buildInventory(scans: readonly AccountScan[], now: Date, priced: boolean): Inventory {
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
        if (price && monthlyPrice !== null)
          monthly[price.currency] = cents((monthly[price.currency] ?? 0) + monthlyPrice);
        else if (priced && name === undefined) unpriced.add(`licence #${s.subscription.licenseId}`);
        seats += s.subscription.quantity;
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
  return { generatedAt: now.toISOString(), accounts, totals, unpriced: [...unpriced].sort(), priced };
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
];

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
        money(t.monthlyPrice ?? undefined, t.currency ?? undefined),
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
          money(s.monthlyPrice ?? undefined, s.currency ?? undefined),
        ]);
      }
    }
  }
  const t = inventory.totals;
  const total = Object.entries(t.monthlyPrice)
    .map(([c, v]) => money(v, c))
    .join(" + ");
  const summary = `${t.accounts} account${t.accounts === 1 ? "" : "s"}, ${t.tenants} tenants, ${t.subscriptions} subscriptions, ${t.seats} seats${total ? `, ${total} per month` : ""}${inventory.priced ? "" : " (prices not looked up)"}`;
  if (format === "markdown") {
    return `${renderMarkdownTable(COLUMNS, rows)}\n${summary}\n`;
  }
  return `${renderTable(COLUMNS, rows, color)}${summary}\n`;
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
        ]);
      }
    }
  }
  return rows;
}
