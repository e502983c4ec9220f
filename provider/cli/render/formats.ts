// Output formats shared by the commands: a terminal table (cli-table3), Markdown, CSV and JSON.
// Every renderer returns the whole text; commands write it to stdout.
import Table from "cli-table3";

export type Cell = string | number | null | undefined;

export interface Column {
  title: string;
  align?: "left" | "right";
}

export function renderTable(columns: readonly Column[], rows: readonly Cell[][], color: boolean): string {
  const table = new Table({
    head: columns.map((c) => c.title),
    colAligns: columns.map((c) => c.align ?? "left"),
    // cli-table3 colours the head red and the border grey by default: only on a colour terminal.
    style: color
      ? { head: ["cyan"], border: ["grey"], compact: true }
      : { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(row.map((c) => (c === null || c === undefined ? "" : c)));
  return `${table.toString()}\n`;
}

/** A GitHub-flavoured Markdown table; pipes and newlines inside cells are escaped. */
export function renderMarkdownTable(columns: readonly Column[], rows: readonly Cell[][]): string {
  const cell = (c: Cell) => mdCell(c);
  const head = `| ${columns.map((c) => cell(c.title)).join(" | ")} |`;
  const rule = `| ${columns.map((c) => (c.align === "right" ? "---:" : "---")).join(" | ")} |`;
  const body = rows.map((r) => `| ${r.map(cell).join(" | ")} |`);
  return `${[head, rule, ...body].join("\n")}\n`;
}

export function mdCell(c: Cell): string {
  if (c === null || c === undefined) return "";
  return String(c).replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** RFC 4180 CSV with a header line; every line ends with CRLF as the RFC says. */
export function renderCsv(header: readonly string[], rows: readonly Cell[][]): string {
  const field = (c: Cell) => {
    const text = c === null || c === undefined ? "" : String(c);
    return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((r) => `${r.map(field).join(",")}\r\n`).join("");
}

export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The text of `renderJson(value)` in pieces, one per element of the arrays `depth` levels down, so that
 * a large report (an inventory of thousands of subscriptions) is written piece by piece instead of as
 * one string and one buffer of several megabytes.
 */
export function* jsonChunks(value: unknown, depth = 2, indent = ""): Generator<string> {
  const isContainer = typeof value === "object" && value !== null && !("toJSON" in value);
  const entries = isContainer
    ? Array.isArray(value)
      ? value.map((v, i) => [String(i), v === undefined ? null : v] as const)
      : Object.entries(value).filter(([, v]) => omittedByJson(v) === false)
    : [];
  if (depth === 0 || !isContainer || entries.length === 0) {
    yield JSON.stringify(value, null, 2).replaceAll("\n", `\n${indent}`);
    if (indent === "") yield "\n";
    return;
  }
  const array = Array.isArray(value);
  const inner = `${indent}  `;
  yield array ? "[\n" : "{\n";
  for (const [i, [key, v]] of entries.entries()) {
    yield array ? inner : `${inner}${JSON.stringify(key)}: `;
    yield* jsonChunks(v, depth - 1, inner);
    yield i < entries.length - 1 ? ",\n" : "\n";
  }
  yield `${indent}${array ? "]" : "}"}`;
  if (indent === "") yield "\n";
}

/**
 * What JSON.stringify leaves out of an object: asked of the value itself, not by serialising it (that
 * turned every level of a large inventory into a throwaway string: megabytes of garbage at the peak).
 */
function omittedByJson(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

export function money(value: number | undefined, currency: string | undefined): string {
  if (value === undefined || currency === undefined) return "";
  return `${value.toFixed(2)} ${currency}`;
}

export function signedMoney(value: number, currency: string): string {
  const sign = value > 0 ? "+" : value < 0 ? "−" : "±";
  return `${sign}${Math.abs(value).toFixed(2)} ${currency}`;
}

/** `2026-03-01T10:00:00+01:00` → `2026-03-01 10:00` for tables; the full value stays in JSON/CSV. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso);
  return m ? (m[2] ? `${m[1]} ${m[2]}` : m[1]!) : iso;
}
