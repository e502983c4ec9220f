// The CLI's prices: the cart's offer of an account (the core's `cartPrices`: one throwaway cart per
// account and run, never checked out), else a prices file the user gives (--prices), each price
// marked with where it came from. Which source wins is the core's (provider/resources/prices.ts); this
// reads the file, asks the account, and writes the marks and the legend every output shows.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Csp2Api } from "../../csp2/index.js";
import { type Account, cartPrices } from "../../resources/index.js";
import {
  licenceKey,
  type PriceSource,
  type PriceTable,
  priceOf,
  type UnitPrice,
  withFallback,
} from "../../resources/prices.js";
import { externalError, messageOf, oneLine } from "./errors.js";

export interface PriceLookup {
  /** Every known price of the account's licences, by licence key (name, and `#id` when known). */
  table: Map<string, UnitPrice>;
  /** Licences neither the cart nor the file prices. */
  missing: string[];
  /** Why the cart's prices could not be read for this account (the file's still apply). */
  cartError?: string | undefined;
}

/** The mark each price source has in tables, Markdown and CSV, explained by the legend. */
export const SOURCE_MARKS: Readonly<Record<PriceSource, string>> = { cart: "c", file: "f" };

/** Prices for one run: the prices file (if any), and each account's cart offer (if asked for). */
export class Prices {
  constructor(
    /** The prices file, read with readPriceFile. */
    readonly file?: { path: string; table: PriceTable } | undefined,
  ) {}

  /**
   * The prices of these licences for the account behind `api`: its cart first, the file for the rest.
   * Without `api` (no account to ask), the file alone; without licences, nothing is read.
   */
  async lookup(
    api: Csp2Api | undefined,
    licences: ReadonlyArray<{ name: string; id?: number | undefined }>,
    /** The account behind `api`, when already known (saves a `GET /me`). */
    account?: Account | undefined,
  ): Promise<PriceLookup> {
    let fromCart: PriceTable | undefined;
    let cartError: string | undefined;
    if (api && licences.length > 0) {
      try {
        fromCart = await cartPrices(account ? { api, account } : { api });
      } catch (error) {
        cartError = messageOf(error);
      }
    }
    const merged = withFallback(fromCart, this.file?.table);
    const table = new Map<string, UnitPrice>();
    const missing: string[] = [];
    for (const licence of licences) {
      const price = priceOf(merged, licence);
      if (price) {
        table.set(licenceKey(licence.name), price);
        if (licence.id !== undefined) table.set(licenceKey(licence.id), price);
      } else if (!missing.includes(licence.name)) {
        missing.push(licence.name);
      }
    }
    return { table, missing, cartError };
  }

  /** The legend of the sources in use: which accounts' carts, which file. */
  legend(used: ReadonlySet<PriceSource>, cartAccounts: readonly string[]): PriceLegend {
    const out: PriceLegend = {};
    if (used.has("cart")) {
      out.cart = {
        mark: SOURCE_MARKS.cart,
        from: `OVHcloud's cart offer (licence options of a new tenant) of account${cartAccounts.length === 1 ? "" : "s"} ${cartAccounts.join(", ")}`,
      };
    }
    if (used.has("file") && this.file)
      out.file = { mark: SOURCE_MARKS.file, from: `prices file ${this.file.path}` };
    return out;
  }
}

/** Mark → what it stands for, for the sources a table actually uses. */
export type PriceLegend = Partial<Record<PriceSource, { mark: string; from: string }>>;

/** The legend as one line: `prices: [c] OVHcloud's cart offer …; [f] prices file …`. */
export function legendLine(legend: PriceLegend): string {
  const parts = Object.values(legend).map((l) => `[${l.mark}] ${l.from}`);
  return parts.length > 0 ? `prices: ${parts.join("; ")}` : "";
}

/** The mark of a price's source (`[c]`), or of several (`[c+f]`); "" for none. */
export function sourceMark(sources: Iterable<PriceSource | undefined>): string {
  const marks = [...new Set([...sources].filter((s): s is PriceSource => s !== undefined))]
    .sort()
    .map((s) => SOURCE_MARKS[s]);
  return marks.length > 0 ? `[${marks.join("+")}]` : "";
}

/**
 * A price file: monthly prices per seat by licence name or id, e.g.
 *   currency: EUR
 *   licences:
 *     Microsoft 365 Business Standard: 11.70
 *     "2": 11.70
 * (JSON of the same shape works too.)
 */
export function readPriceFile(file: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw externalError(
      code === "ENOENT" ? `price file ${file} not found.` : `price file ${file} cannot be read (${code}).`,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw externalError(
      `price file ${file} is not valid YAML or JSON: ${oneLine(String((error as Error).message))}`,
    );
  }
  const shape = 'expected {currency: EUR, licences: {"<licence name or id>": <monthly price per seat>}}';
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw externalError(`price file ${file}: ${shape}.`);
  const { currency, licences } = doc as Record<string, unknown>;
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) {
    throw externalError(`price file ${file}: currency must be a three-letter code such as EUR.`);
  }
  if (typeof licences !== "object" || licences === null || Array.isArray(licences)) {
    throw externalError(`price file ${file}: ${shape}.`);
  }
  const table = new Map<string, UnitPrice>();
  for (const [name, value] of Object.entries(licences)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw externalError(`price file ${file}: licences."${name}" must be a price (a number ≥ 0).`);
    }
    table.set(licenceKey(name), { value, currency, source: "file" });
  }
  return table;
}
