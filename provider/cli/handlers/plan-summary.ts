// `o365r plan-summary FILE`: what a plan does to seats and money, per tenant, as Markdown for a pull
// request comment or as JSON. The summary (grouping, seat counts, refusals from the resources' own
// diff, cost) is the core's (provider/resources/plan-summary.ts); this reads the file, finds prices
// and renders.
//
// Prices: when an accounts file is named (--accounts or O365R_ACCOUNTS), the cart offer of its first
// account (or --account) prices what it offers; --prices FILE prices the rest (or everything, without
// an accounts file); otherwise the summary shows seats only and says so. Each price carries its source.
// The default ./o365r.accounts.yaml is not used implicitly, so a pull request job without credentials
// still gets a seat summary.
import { type PlanSummary, summarisePlan, type TenantSummary } from "../../resources/plan-summary.js";
import type { PriceSource, PriceTable } from "../../resources/prices.js";
import { ACCOUNTS_ENV, selectAccounts } from "../lib/accounts.js";
import { withConnection } from "../lib/connect.js";
import { EXIT, externalError, messageOf } from "../lib/errors.js";
import { type CliIo, say } from "../lib/io.js";
import { legendLine, type PriceLegend, Prices, readPriceFile, sourceMark } from "../lib/prices.js";
import { readPlanFile } from "../plans/read.js";
import { mdCell, renderJson, renderMarkdownTable, signedMoney } from "../render/formats.js";
import type { HandlerDeps } from "./inventory.js";

export interface PlanSummaryOptions {
  file: string;
  prices?: string | undefined;
  accounts?: string | undefined;
  account?: string[] | undefined;
  format: "markdown" | "json";
}

export interface PlanSummaryOutput extends PlanSummary {
  file: string;
  /** Where prices came from, in words: an account's cart offer, a prices file, both, or none. */
  pricesFrom: string | null;
  /** The legend of the price sources in use: mark → what it is (each line's unitPrice.source). */
  priceSources: PriceLegend;
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
  const file =
    options.prices === undefined ? undefined : { path: options.prices, table: readPriceFile(options.prices) };
  const sources = new Prices(file);
  let prices: PriceTable | undefined = file?.table;
  let cartAccount: string | undefined;
  if (options.accounts !== undefined || (io.env[ACCOUNTS_ENV] ?? "") !== "") {
    const { accounts } = selectAccounts(options, io);
    const spec = accounts[0]!;
    const licences = summarisePlan(doc, { now }).tenants.flatMap((t) =>
      t.licences.map((l) => ({ name: l.licence, id: l.licenseId })),
    );
    let lookup: Awaited<ReturnType<Prices["lookup"]>>;
    try {
      lookup = await withConnection(spec, io, ({ api }) => sources.lookup(api, licences), deps.makeApi);
    } catch (error) {
      throw externalError(`prices through account ${spec.name}: ${messageOf(error)}`);
    }
    if (lookup.cartError !== undefined && file === undefined) {
      throw externalError(`prices through account ${spec.name}: ${lookup.cartError}`);
    }
    if (lookup.cartError !== undefined) {
      say(io, `account ${spec.name}: no cart prices (${lookup.cartError}); using ${file!.path} alone.`);
    } else {
      cartAccount = spec.name;
    }
    prices = lookup.table;
  }
  const summary = summarisePlan(doc, { now, prices });
  const used = new Set<PriceSource>(
    summary.tenants.flatMap((t) =>
      t.licences.flatMap((l) => (l.unitPrice?.source ? [l.unitPrice.source] : [])),
    ),
  );
  const priceSources = sources.legend(used, cartAccount ? [cartAccount] : []);
  const pricesFrom =
    prices === undefined
      ? null
      : [cartAccount && `cart offer of account ${cartAccount}`, file && `price file ${file.path}`]
          .filter(Boolean)
          .join(", else ");
  const output: PlanSummaryOutput = { file: options.file, pricesFrom, priceSources, ...summary };
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
  const rows = o.tenants.flatMap((t) =>
    t.licences.map((l) => [
      tenantTitle(t),
      l.licence,
      l.seatsAdded > 0 ? `+${l.seatsAdded}` : "",
      l.seatsRemoved > 0 ? `−${l.seatsRemoved}` : "",
      `${l.seatsAdded - l.seatsRemoved >= 0 ? "+" : "−"}${Math.abs(l.seatsAdded - l.seatsRemoved)}${l.unknownSeats ? " + ?" : ""}`,
      ...(o.priced
        ? [
            l.unitPrice
              ? `${l.unitPrice.value.toFixed(2)} ${l.unitPrice.currency} ${sourceMark([l.unitPrice.source])}`.trimEnd()
              : "no price",
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
          ...(o.priced
            ? [
                { title: "price per seat / month", align: "right" as const },
                { title: "monthly change", align: "right" as const },
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
  const money = Object.entries(t.monthlyChange).map(([c, v]) => signedMoney(v, c));
  const total = [
    `**Seats:** +${t.seatsAdded} / −${t.seatsRemoved}${t.unknownSeats ? " (some counts known only after apply)" : ""}`,
  ];
  if (o.priced) {
    total.push(
      money.length > 0 ? `**monthly cost change: ${money.join(" + ")}**` : "**monthly cost change: none**",
      `(${legendLine(o.priceSources) || o.pricesFrom}; excl. tax${t.unpriced.length > 0 ? `; no price for ${t.unpriced.join(", ")}` : ""})`,
    );
  } else {
    total.push(
      "(no prices given: seats only; pass `--prices FILE` or `--accounts FILE` for the monthly cost change)",
    );
  }
  out.push(total.join(" · "), "");
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
    for (const r of g.boughtWithTenant)
      items.push(`- Bought with the tenant: ${mdCell(r.licence)} × ${seats(r.seats)}`);
    for (const r of g.created) items.push(`- New subscription: ${ref(r)}`);
    for (const r of g.cancelled) items.push(`- Cancelled: ${ref(r)}`);
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
    const change = tenantChange(g);
    if (items.length === 0 && change === "") continue;
    out.push(`#### ${mdCell(tenantTitle(g))}${change}`, "");
    if (items.length > 0) out.push(...items, "");
  }
  for (const r of o.refused)
    out.push(`- ⛔ ${r.address ? `\`${shortAddress(r.address)}\`: ` : ""}${mdCell(r.message)}`);
  for (const n of o.notes) out.push(`> ${n}`);
  return `${out.join("\n").trimEnd()}\n`;
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
