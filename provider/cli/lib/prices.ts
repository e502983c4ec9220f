// Catalogue prices through the CSP2 operations (`licencePrice`), and price files given with --prices.
// Which price name to ask for is the core's decision (provider/resources/prices.ts).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { Csp2Api } from "../../csp2/index.js";
import { priceOf } from "../../resources/index.js";
import { licenceKey, type PriceTable, type UnitPrice } from "../../resources/prices.js";
import { externalError, oneLine } from "./errors.js";

export interface PriceLookup {
  table: Map<string, UnitPrice>;
  /** Licences the catalogue has no price for. */
  missing: string[];
}

/** Looks up each licence once per endpoint; a name the price route refuses (400/404) tries the next. */
export class CataloguePrices {
  private readonly cache = new Map<string, Promise<UnitPrice | undefined>>();

  async lookup(
    api: Csp2Api,
    endpoint: string,
    licences: ReadonlyArray<{ name: string; id?: number | undefined }>,
  ): Promise<PriceLookup> {
    const table = new Map<string, UnitPrice>();
    const missing: string[] = [];
    for (const licence of licences) {
      const key = `${endpoint}|${licenceKey(licence.name)}`;
      let pending = this.cache.get(key);
      if (!pending) {
        pending = this.fetch(api, licence.name);
        this.cache.set(key, pending);
      }
      const price = await pending;
      if (price) {
        table.set(licenceKey(licence.name), price);
        if (licence.id !== undefined) table.set(licenceKey(licence.id), price);
      } else if (!missing.includes(licence.name)) {
        missing.push(licence.name);
      }
    }
    return { table, missing };
  }

  private async fetch(api: Csp2Api, name: string): Promise<UnitPrice | undefined> {
    const price = await priceOf({ api }, name);
    return price ? { value: price.value, currency: price.currencyCode } : undefined;
  }
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
    table.set(licenceKey(name), { value, currency });
  }
  return table;
}
