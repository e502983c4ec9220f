// The api-check report: what OVHcloud answered, in a form a user can attach to a public bug report
// (docs/cli.md "o365r api-check"). No secrets and no customer data: identifiers are placeholders
// (`<nic>`, `<tenant-1>`, `<cart>`), answers are kept as shapes, and only values that describe the API
// itself are kept (statuses, plan codes, labels, paging headers, the licence catalogue).
import type { ViolationKind } from "../../ovh/schema/index.js";
import type { Shape, ViolationGroup } from "./redact.js";

/** Violations that make an answer unusable by the models: the check fails. */
export const FAILING: ReadonlySet<ViolationKind> = new Set(["type", "null", "missing", "format"]);

export interface AnswerRecord {
  /** What this call was for, in words. */
  step: string;
  method: string;
  /** The published route (`/saas/csp2/{serviceName}`), never the concrete path. */
  route: string;
  /** Query parameters that are not identifiers (`planCode`). */
  query?: Record<string, string> | undefined;
  /** null when no answer came (network failure). */
  status: number | null;
  /** The error class of an error answer (`Client::NotFound`), or the client's error name. */
  error?: string | undefined;
  /** An error status that this step expects and reports as a finding (a 404 for "not offered"). */
  expected?: boolean | undefined;
  /** Paging headers sent and X-Pagination-* headers answered. */
  requestHeaders?: Record<string, string> | undefined;
  pagingHeaders?: Record<string, string> | undefined;
  /** The published type the body was checked against (`saas.csp2.OfficeTenantWithIAM[]`). */
  checkedAs?: string | undefined;
  violations: ViolationGroup[];
  shape?: Shape | undefined;
}

export interface PagingFindings {
  /** The route the paging was probed on. */
  route: string;
  /** Objects the plain (id) listing answered. */
  ids: number | null;
  /** Whether X-Pagination-Mode: CachedObjectList-Pages answered objects (false: ids). */
  expandedAnswersObjects: boolean | null;
  /** X-Pagination-Elements of the first expanded page, as sent. */
  elements: string | null;
  /** The page size asked for the first expanded page, and whether it was accepted. */
  largestSizeTried: number | null;
  largestSizeAccepted: boolean | null;
  /** Page 2 of size 1 against the first page: honoured, ignored, or not probed (and why). */
  numberAndSize: string;
  /** Whether an element of the expanded listing equals GET of that item. */
  elementEqualsItem: boolean | null;
}

export interface PlanFinding {
  planCode: string;
  productName: string | null;
  productType: string | null;
  prices: Array<{ duration: string; pricingMode: string; pricingType: string | null; price: string | null }>;
}

/** A plan option (for CSP2: a licence sold with the tenant), with what says how it is sold. */
export interface OptionFinding extends PlanFinding {
  family: string | null;
  mandatory: boolean | null;
}

export interface LabelFinding {
  label: string;
  type: string;
  required: boolean;
  fields: string[] | null;
  /** The tenant input o365r fills it from; null when it knows none. */
  filledFrom: string | null;
}

export interface OrderingFindings {
  subsidiary: string | null;
  plans: PlanFinding[];
  /** `GET /order/cart/{cartId}/csp2/options?planCode=` per plan; offered false on a 404. */
  options: Array<{ planCode: string; offered: boolean; options: OptionFinding[] }>;
  requiredConfiguration: Array<{ planCode: string; labels: LabelFinding[] }>;
  /** Required labels o365r cannot fill: a tenant order would stop before checkout, naming them. */
  unfillable: string[];
  /** Whether the throwaway cart was deleted (it also expires by itself within the hour). */
  cartDeleted: boolean | null;
}

export interface TenantFindings {
  tenant: string;
  status: string | null;
  hasAcceptedNewMCA: boolean | null;
  subscriptions: {
    count: number;
    statuses: Record<string, number>;
    licenceIds: Record<string, number>;
  } | null;
  tasks: { count: number; statuses: Record<string, number>; functions: Record<string, number> } | null;
  licences: Array<{ id: number; name: string; licenceType: string | null }> | null;
}

export interface ApiCheckReport {
  tool: "o365r api-check";
  version: string;
  generatedAt: string;
  endpoint: string;
  auth: "signature" | "oauth2";
  nic: string;
  /** HTTP requests made, every attempt included. */
  calls: number;
  result: "pass" | "fail";
  /** Answers that do not fit the published models, and calls that failed. */
  failures: number;
  /** Enum values and properties our copy of the schema does not know, and other findings. */
  warnings: number;
  paging: PagingFindings | null;
  ordering: OrderingFindings | null;
  tenant: TenantFindings | null;
  /** Findings in words, each a warning. */
  notes: string[];
  answers: AnswerRecord[];
}

/** Failures and warnings of a finished report, and its result. */
export function conclude(report: Omit<ApiCheckReport, "result" | "failures" | "warnings">): ApiCheckReport {
  let failures = 0;
  let warnings = report.notes.length;
  for (const a of report.answers) {
    const failed = (a.status === null || a.status >= 400) && !a.expected;
    if (failed || a.violations.some((v) => FAILING.has(v.kind))) failures++;
    if (a.violations.some((v) => !FAILING.has(v.kind))) warnings++;
  }
  return { ...report, result: failures === 0 ? "pass" : "fail", failures, warnings };
}
