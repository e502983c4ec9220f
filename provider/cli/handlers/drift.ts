// `o365r drift --state FILE…`: the states against the live accounts. The comparison is the core's
// (provider/resources/drift.ts); this reads the files, scans the accounts, renders, and picks the exit
// code: 0 no drift, 2 drift, 1 an error (an unreadable state, an account that could not be scanned),
// which wins over drift because a partial scan cannot prove anything.
import { type DriftReport, detectDrift } from "../../resources/drift.js";
import { selectAccounts } from "../lib/accounts.js";
import { EXIT, usageError } from "../lib/errors.js";
import { type CliIo, say } from "../lib/io.js";
import { accountError, allFailed, scanProgress } from "../lib/progress.js";
import { type AccountScan, observed, scanAccounts } from "../lib/scan.js";
import { renderJson, renderMarkdownTable } from "../render/formats.js";
import { readStates, type StateFile } from "../states/read.js";
import type { HandlerDeps } from "./inventory.js";

export type DriftFormat = "text" | "json" | "markdown";

export interface DriftOptions {
  state: string[];
  accounts?: string | undefined;
  account?: string[] | undefined;
  format: DriftFormat;
  quiet?: boolean | undefined;
}

export interface DriftOutput extends DriftReport {
  accounts: Array<{ name: string; nic: string | null; error?: string | undefined }>;
  states: Array<{ file: string; format: StateFile["format"]; tenants: number; subscriptions: number }>;
}

export async function runDrift(options: DriftOptions, io: CliIo, deps: HandlerDeps = {}): Promise<number> {
  if (options.state.length === 0) {
    throw usageError(
      "drift needs at least one --state FILE (a Pulumi stack export or a Terraform/OpenTofu state).",
    );
  }
  const { declared, files } = readStates(options.state);
  if (!options.quiet) for (const f of files) for (const n of f.notes) say(io, n);
  const selection = selectAccounts(options, io);
  const progress = scanProgress(io, selection.accounts.length, options.quiet === true);
  let scans: AccountScan[];
  try {
    scans = await scanAccounts(selection.accounts, io, { ...progress.hooks, makeApi: deps.makeApi });
  } finally {
    progress.stop();
  }
  const report = detectDrift(declared, observed(scans));
  const output: DriftOutput = {
    accounts: scans.map((s) => ({
      name: s.name,
      nic: s.nic ?? null,
      ...(s.error !== undefined ? { error: s.error } : {}),
    })),
    states: files.map((f) => ({
      file: f.file,
      format: f.format,
      tenants: f.tenants.length,
      subscriptions: f.subscriptions.length,
    })),
    ...report,
  };
  if (!allFailed(scans)) {
    io.stdout.write(
      options.format === "json"
        ? renderJson(output)
        : options.format === "markdown"
          ? renderDriftMarkdown(output)
          : renderDriftText(output),
    );
  }
  const failed = scans.filter((s) => s.error !== undefined);
  for (const scan of failed) say(io, accountError(scan));
  if (!options.quiet) {
    for (const n of report.notChecked) say(io, `not checked: ${n.kind} ${n.id} (${n.source}): ${n.reason}.`);
  }
  if (failed.length > 0) {
    say(io, "drift is unknown for the accounts that could not be scanned (exit 1).");
    return EXIT.failure;
  }
  return report.drift ? EXIT.drift : EXIT.ok;
}

const show = (v: unknown): string =>
  v === undefined || v === null || v === "" ? "(unset)" : JSON.stringify(v);

function header(o: DriftOutput): string {
  const accounts = o.accounts.map((a) => `${a.name}${a.nic ? ` (${a.nic})` : ""}`).join(", ");
  const states = o.states.map((s) => s.file).join(", ");
  return `Drift of ${o.accounts.length} account${o.accounts.length === 1 ? "" : "s"} [${accounts}] against ${states}`;
}

export function renderDriftText(o: DriftOutput): string {
  const lines: string[] = [header(o), ""];
  /** A titled list; `count` is the number of resources when an item spans several lines. */
  const section = (title: string, items: string[], count = items.length) => {
    if (items.length === 0) return;
    lines.push(`${title} (${count}):`, ...items.map((i) => `  ${i}`), "");
  };
  section(
    "Changed outside",
    o.changed.flatMap((c) => [
      `${c.kind} ${c.id} in ${c.account} — ${c.address} (${c.source})`,
      ...c.attributes.map((a) => `    ${a.attribute}: declared ${show(a.declared)}, live ${show(a.live)}`),
    ]),
    o.changed.length,
  );
  section(
    "Gone",
    o.gone.map((g) => `${g.kind} ${g.id} — ${g.address} (${g.source}): ${g.reason}`),
  );
  section(
    "Unmanaged (no state declares them)",
    o.unmanaged.map((u) =>
      u.kind === "tenant"
        ? `tenant ${u.id} "${u.displayName ?? ""}" in ${u.account} (${u.nic})`
        : `subscription ${u.id} ${u.licenseName ?? `licence #${u.licenseId}`} × ${u.quantity} in ${u.account}${u.tenantManaged ? " (its tenant is managed)" : ""}`,
    ),
  );
  section(
    "Declared more than once",
    o.conflicts.map((c) => `${c.kind} ${c.id}: ${c.declaredBy.join(", ")}`),
  );
  if (!o.drift)
    lines.push(
      "No drift: every declared tenant and subscription matches, and nothing live is unmanaged.",
      "",
    );
  return `${lines.join("\n").trimEnd()}\n`;
}

export function renderDriftMarkdown(o: DriftOutput): string {
  const parts: string[] = [`### ${header(o)}`, ""];
  if (!o.drift)
    parts.push(
      "**No drift.** Every declared tenant and subscription matches; nothing live is unmanaged.",
      "",
    );
  if (o.changed.length > 0) {
    parts.push(
      `#### Changed outside (${o.changed.length})`,
      "",
      renderMarkdownTable(
        [
          { title: "resource" },
          { title: "account" },
          { title: "attribute" },
          { title: "declared" },
          { title: "live" },
          { title: "declared in" },
        ],
        o.changed.flatMap((c) =>
          c.attributes.map((a) => [
            `${c.kind} ${c.id}`,
            c.account,
            a.attribute,
            show(a.declared),
            show(a.live),
            `${c.source} ${c.address}`,
          ]),
        ),
      ),
    );
  }
  if (o.gone.length > 0) {
    parts.push(
      `#### Gone (${o.gone.length})`,
      "",
      renderMarkdownTable(
        [{ title: "resource" }, { title: "why" }, { title: "declared in" }],
        o.gone.map((g) => [`${g.kind} ${g.id}`, g.reason, `${g.source} ${g.address}`]),
      ),
    );
  }
  if (o.unmanaged.length > 0) {
    parts.push(
      `#### Unmanaged (${o.unmanaged.length})`,
      "",
      renderMarkdownTable(
        [
          { title: "resource" },
          { title: "account" },
          { title: "name / licence" },
          { title: "seats", align: "right" },
        ],
        o.unmanaged.map((u) => [
          `${u.kind} ${u.id}`,
          `${u.account} (${u.nic})`,
          u.kind === "tenant" ? (u.displayName ?? "") : (u.licenseName ?? `licence #${u.licenseId}`),
          u.quantity,
        ]),
      ),
    );
  }
  if (o.conflicts.length > 0) {
    parts.push(
      `#### Declared more than once (${o.conflicts.length})`,
      "",
      renderMarkdownTable(
        [{ title: "resource" }, { title: "declared in" }],
        o.conflicts.map((c) => [`${c.kind} ${c.id}`, c.declaredBy.join("<br>")]),
      ),
    );
  }
  if (o.notChecked.length > 0) {
    parts.push(
      `#### Not checked (${o.notChecked.length})`,
      "",
      ...o.notChecked.map((n) => `- ${n.kind} ${n.id} (${n.source}): ${n.reason}`),
      "",
    );
  }
  const errors = o.accounts.filter((a) => a.error !== undefined);
  if (errors.length > 0) {
    parts.push("#### Accounts not scanned", "", ...errors.map((a) => `- ${a.name}: ${a.error}`), "");
  }
  return `${parts.join("\n").trimEnd()}\n`;
}
