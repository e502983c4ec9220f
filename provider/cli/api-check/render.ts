// The readable form of an api-check report: the same facts as the JSON, for a person at a terminal.
import { type AnswerRecord, type ApiCheckReport, FAILING, type PlanFinding } from "./report.js";

export function renderApiCheck(report: ApiCheckReport, account: string): string {
  const out: string[] = [];
  const line = (text = "") => out.push(text);
  line(
    `api-check of account ${account} (${report.endpoint}, ${report.auth === "oauth2" ? "OAuth2" : "application key"}): ${report.calls} API calls`,
  );

  const p = report.paging;
  if (p) {
    line();
    line(`Paging (GET ${p.route}, API v1)`);
    line(`  ids without X-Pagination-Mode: ${p.ids ?? "no answer"}`);
    line(
      `  X-Pagination-Mode: CachedObjectList-Pages answers ${p.expandedAnswersObjects === null ? "nothing to tell (no tenant, or no answer)" : p.expandedAnswersObjects ? "objects" : "ids"}`,
    );
    line(`  X-Pagination-Elements: ${p.elements ?? "absent"}`);
    line(
      `  X-Pagination-Size ${p.largestSizeTried}: ${p.largestSizeAccepted === null ? "not tried" : p.largestSizeAccepted ? "accepted" : "refused"}`,
    );
    line(`  X-Pagination-Number and -Size: ${p.numberAndSize}`);
    if (p.elementEqualsItem !== null) {
      line(
        `  an expanded element ${p.elementEqualsItem ? "equals" : "differs from"} GET ${p.route}/{serviceName}`,
      );
    }
  }

  const o = report.ordering;
  if (o) {
    line();
    line(
      `Ordering (subsidiary ${o.subsidiary}; a throwaway cart, ${o.cartDeleted ? "deleted" : "NOT deleted"}, never checked out)`,
    );
    line(`  CSP2 plans (GET /order/cart/{cartId}/csp2): ${o.plans.map(plan).join("; ") || "none"}`);
    for (const opt of o.options) {
      if (!opt.offered || opt.options.length === 0) {
        line(
          `  licence options of ${opt.planCode} (GET …/csp2/options): ${opt.offered ? "none" : "not offered (404)"}`,
        );
        continue;
      }
      line(`  licence options of ${opt.planCode} (GET …/csp2/options): ${opt.options.length}`);
      for (const x of opt.options) {
        const how = [x.family, x.mandatory ? "mandatory" : null].filter((v) => v !== null).join(", ");
        line(`    ${x.productName ?? "(no name)"}: ${plan(x)}${how ? ` [${how}]` : ""}`);
      }
    }
    for (const rc of o.requiredConfiguration) {
      line(`  required configuration of ${rc.planCode} (${rc.labels.length} labels):`);
      for (const l of rc.labels) {
        line(
          `    ${l.label} (${l.type}, ${l.required ? "required" : "optional"}${l.fields ? `, fields ${l.fields.join(", ")}` : ""}) ← ${l.filledFrom ?? (l.required ? "o365r cannot fill it" : "left unset")}`,
        );
      }
    }
    if (o.requiredConfiguration.length > 0) {
      line(
        o.unfillable.length === 0
          ? "  o365r fills every required label"
          : `  o365r cannot fill: ${o.unfillable.join(", ")} (a tenant order stops before checkout)`,
      );
    }
  }

  const t = report.tenant;
  if (t) {
    line();
    line(`Tenant ${t.tenant}: status ${t.status ?? "?"}, hasAcceptedNewMCA ${t.hasAcceptedNewMCA ?? "?"}`);
    if (t.subscriptions) {
      line(
        `  ${t.subscriptions.count} subscriptions: status ${counts(t.subscriptions.statuses)}; licence ids ${counts(t.subscriptions.licenceIds)}`,
      );
    }
    if (t.tasks) {
      line(
        `  ${t.tasks.count} tasks: status ${counts(t.tasks.statuses)}; function ${counts(t.tasks.functions)}`,
      );
    }
    if (t.licences) {
      line(
        `  ${t.licences.length} orderable licences: ${t.licences.map((l) => `${l.id} ${l.name}`).join(", ")}`,
      );
    }
  }

  line();
  const checked = report.answers.filter((a) => a.checkedAs !== undefined).length;
  line(`Answers against OVHcloud's published schema (${checked} checked)`);
  for (const a of report.answers) {
    const mark = answerMark(a);
    if (mark === "ok") continue;
    const where = `${a.method} ${a.route}`;
    if (a.status === null || a.status >= 400) {
      line(`  ${a.expected ? "·" : "✗"} ${where}: ${a.status ?? "no answer"} ${a.error ?? ""}`.trimEnd());
      continue;
    }
    for (const v of a.violations) {
      const sign = FAILING.has(v.kind) ? "✗" : "⚠";
      line(`  ${sign} ${where} ${v.at} (${v.kind}${v.count > 1 ? ` ×${v.count}` : ""}): ${v.message}`);
    }
  }
  if (report.answers.every((a) => answerMark(a) === "ok" || answerMark(a) === "info"))
    line("  ✓ every answer fits");
  for (const note of report.notes) line(`  ⚠ ${note}`);

  line();
  line(
    report.result === "pass"
      ? `Result: pass (${report.warnings} warning${report.warnings === 1 ? "" : "s"})`
      : `Result: FAIL (${report.failures} answer${report.failures === 1 ? "" : "s"} did not fit the published models or failed; ${report.warnings} warning${report.warnings === 1 ? "" : "s"})`,
  );
  return `${out.join("\n")}\n`;
}

/** "info": an error status the step expects and reports as a finding (a 404 for "not offered"). */
function answerMark(a: AnswerRecord): "ok" | "info" | "warn" | "fail" {
  if ((a.status === null || a.status >= 400) && !a.expected) return "fail";
  if (a.expected) return "info";
  if (a.violations.some((v) => FAILING.has(v.kind))) return "fail";
  return a.violations.length > 0 ? "warn" : "ok";
}

function plan(p: PlanFinding): string {
  const prices = p.prices
    .map((x) => `${x.duration} ${x.pricingMode}${x.price ? ` ${x.price}` : ""}`)
    .join(", ");
  return `${p.planCode}${prices ? ` (${prices})` : ""}`;
}

function counts(tally: Record<string, number>): string {
  const entries = Object.entries(tally);
  return entries.length === 0 ? "none" : entries.map(([k, n]) => `${k} ×${n}`).join(", ");
}
