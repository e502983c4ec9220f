// The calls of `o365r api-check`, read-only against a real account: who am I, how the tenant list
// pages, one tenant's subscriptions, tasks and licences, and what a CSP2 order asks for, learnt from a
// throwaway cart that is deleted and never checked out. Every answer is taken raw and checked against
// OVHcloud's published schema (provider/ovh/schema), not against our models: the point is to see what
// OVHcloud answers. About 16 calls in all, well within the fair-use budget of 60 a minute.
import { labelField } from "../../csp2/labels.js";
import { OvhApiError, type OvhClient, OvhError, pageHeaders, type RawAnswer } from "../../ovh/index.js";
import { checkAnswer, findOperation } from "../../ovh/schema/index.js";
import { groupViolations, Placeholders, shapeOf } from "./redact.js";
import {
  type AnswerRecord,
  type ApiCheckReport,
  conclude,
  type LabelFinding,
  type OptionFinding,
  type OrderingFindings,
  type PagingFindings,
  type PlanFinding,
  type TenantFindings,
} from "./report.js";

/** The largest page the control panel asks for; if refused, the client's default. */
const LARGE_PAGE = 50_000;
const FALLBACK_PAGE = 5_000;
/** Plans whose order form is read (each costs two calls). */
const MAX_PLANS = 3;

interface CallOptions {
  query?: Record<string, string> | undefined;
  body?: unknown;
  headers?: Record<string, string> | undefined;
  expanded?: boolean | undefined;
  /** Error statuses that are a finding of this step, not a failure (a 404 for "not offered"). */
  expect?: readonly number[] | undefined;
}

type Json = Record<string, unknown>;

/** Runs the calls and records each answer (route, status, paging headers, shape, schema violations). */
class Recorder {
  readonly answers: AnswerRecord[] = [];
  constructor(
    private readonly client: OvhClient,
    private readonly ids: Placeholders,
  ) {}

  async call(step: string, method: "GET" | "POST" | "DELETE", path: string, opts: CallOptions = {}) {
    const record: AnswerRecord = {
      step,
      method,
      route: findOperation(method, path)?.api.path ?? this.ids.scrub(path),
      ...(opts.query ? { query: opts.query } : {}),
      status: null,
      ...(opts.headers ? { requestHeaders: opts.headers } : {}),
      violations: [],
    };
    this.answers.push(record);
    let answer: RawAnswer;
    try {
      answer = await this.client.raw(method, path, {
        query: opts.query,
        body: opts.body,
        headers: opts.headers,
      });
    } catch (error) {
      if (error instanceof OvhApiError) {
        record.status = error.status;
        record.error = error.errorClass ?? `HTTP ${error.status}`;
        if (opts.expect?.includes(error.status)) record.expected = true;
      } else if (error instanceof OvhError) {
        record.error = error.name;
      } else {
        throw error;
      }
      return undefined;
    }
    record.status = answer.status;
    const paging = Object.fromEntries(
      Object.entries(answer.headers).filter(([name]) => name.startsWith("x-pagination-")),
    );
    if (Object.keys(paging).length > 0) record.pagingHeaders = paging;
    const check = checkAnswer({
      method,
      path,
      status: answer.status,
      body: answer.json,
      expanded: opts.expanded,
    });
    record.checkedAs = check.checkedAs;
    record.violations = groupViolations(check.violations);
    record.shape = shapeOf(answer.json);
    return answer;
  }
}

export interface ProbeContext {
  client: OvhClient;
  now: Date;
  version: string;
}

export async function probeAccount({ client, now, version }: ProbeContext): Promise<ApiCheckReport> {
  const ids = new Placeholders();
  const rec = new Recorder(client, ids);
  const notes: string[] = [];

  const me = (await rec.call("who am I", "GET", "/me"))?.json;
  const nic = text(me, "nichandle");
  if (nic) ids.of("nic", nic);
  const subsidiary = text(me, "ovhSubsidiary") ?? null;

  const plain = await rec.call("tenants, as ids", "GET", "/saas/csp2");
  const names = Array.isArray(plain?.json)
    ? plain.json.filter((n): n is string => typeof n === "string").sort()
    : [];
  for (const name of names) ids.of("tenant", name);

  const { paging, firstPage } = await probeTenantPaging(rec, names.length, notes);
  const tenant = names[0] ? await probeTenant(rec, names[0], firstPage, paging, ids, notes) : null;
  if (!names[0]) notes.push("the account has no tenant: subscriptions, tasks and licences were not read");
  let ordering: OrderingFindings | null = null;
  if (subsidiary) ordering = await probeOrdering(rec, subsidiary, now, ids, notes);
  else notes.push("GET /me gave no ovhSubsidiary: no cart was created, so plans and labels are unknown");

  return conclude({
    tool: "o365r api-check",
    version,
    generatedAt: now.toISOString(),
    endpoint: client.endpoint.baseUrl,
    auth: client.authMethod,
    nic: "<nic>",
    calls: client.calls,
    paging,
    ordering,
    tenant,
    notes,
    answers: rec.answers,
  });
}

async function probeTenantPaging(
  rec: Recorder,
  ids: number,
  notes: string[],
): Promise<{ paging: PagingFindings; firstPage: unknown[] | undefined }> {
  const route = "/saas/csp2";
  const paging: PagingFindings = {
    route,
    ids,
    expandedAnswersObjects: null,
    elements: null,
    largestSizeTried: LARGE_PAGE,
    largestSizeAccepted: null,
    numberAndSize: "not probed",
    elementEqualsItem: null,
  };
  let size = LARGE_PAGE;
  let first = await rec.call(`tenants, expanded, page 1 of ${size}`, "GET", route, {
    headers: pageHeaders(1, size),
    expanded: true,
    expect: [400],
  });
  paging.largestSizeAccepted = first !== undefined;
  if (!first && rec.answers.at(-1)?.status === 400) {
    notes.push(`X-Pagination-Size ${LARGE_PAGE} was refused (400); the client asks for ${FALLBACK_PAGE}`);
    size = FALLBACK_PAGE;
    first = await rec.call(`tenants, expanded, page 1 of ${size}`, "GET", route, {
      headers: pageHeaders(1, size),
      expanded: true,
    });
  }
  if (!first || !Array.isArray(first.json)) return { paging, firstPage: undefined };
  const page = first.json;
  paging.expandedAnswersObjects = page.length === 0 ? null : page.every(isObject);
  if (paging.expandedAnswersObjects === false) {
    notes.push(
      "X-Pagination-Mode: CachedObjectList-Pages answered ids: o365r falls back to one GET per tenant",
    );
  }
  paging.elements = first.headers["x-pagination-elements"] ?? null;
  if (paging.elements === null) {
    notes.push(
      "an expanded listing came without X-Pagination-Elements: o365r then reads pages until a short one",
    );
  } else if (page.length < size && Number(paging.elements) !== page.length) {
    notes.push(`X-Pagination-Elements said ${paging.elements} for a last page of ${page.length} objects`);
  }
  if (paging.expandedAnswersObjects && page.length >= 2) {
    paging.numberAndSize = await probeSecondPage(rec, route, "tenants", page, notes);
  } else {
    paging.numberAndSize = "not probed on tenants (fewer than 2)";
  }
  return { paging, firstPage: paging.expandedAnswersObjects ? page : undefined };
}

/** Page 2 of size 1 must be the second object of page 1, with the headers saying so. */
async function probeSecondPage(
  rec: Recorder,
  path: string,
  what: string,
  firstPage: unknown[],
  notes: string[],
): Promise<string> {
  const second = await rec.call(`${what}, expanded, page 2 of 1`, "GET", path, {
    headers: pageHeaders(2, 1),
    expanded: true,
  });
  if (!second || !Array.isArray(second.json)) return `not probed (page 2 of ${what} failed)`;
  const echoed = `X-Pagination-Number ${second.headers["x-pagination-number"] ?? "(none)"}, X-Pagination-Size ${second.headers["x-pagination-size"] ?? "(none)"}`;
  if (second.json.length === 1 && sameJson(second.json[0], firstPage[1])) {
    return `honoured on ${what} (page 2 of size 1 is the second object; ${echoed})`;
  }
  const verdict =
    second.json.length === firstPage.length && sameJson(second.json, firstPage)
      ? `ignored on ${what}: page 2 of size 1 answered the whole list again`
      : `not as expected on ${what}: page 2 of size 1 answered ${second.json.length} objects (${echoed})`;
  notes.push(`X-Pagination-Number/-Size ${verdict}`);
  return verdict;
}

async function probeTenant(
  rec: Recorder,
  name: string,
  firstPage: unknown[] | undefined,
  paging: PagingFindings,
  ids: Placeholders,
  notes: string[],
): Promise<TenantFindings> {
  const base = `/saas/csp2/${encodeURIComponent(name)}`;
  const findings: TenantFindings = {
    tenant: ids.of("tenant", name),
    status: null,
    hasAcceptedNewMCA: null,
    subscriptions: null,
    tasks: null,
    licences: null,
  };
  const item = (await rec.call("one tenant", "GET", base))?.json;
  findings.status = text(item, "status") ?? null;
  const mca = isObject(item) ? item.hasAcceptedNewMCA : undefined;
  findings.hasAcceptedNewMCA = typeof mca === "boolean" ? mca : null;
  const element = firstPage?.find((t) => text(t, "serviceName") === name);
  if (item !== undefined && element !== undefined) {
    paging.elementEqualsItem = sameJson(element, item);
    if (!paging.elementEqualsItem) {
      notes.push("an element of the expanded tenant listing differs from GET /saas/csp2/{serviceName}");
    }
  }
  const expanded = async (what: string, path: string) => {
    const answer = await rec.call(`${what} of the tenant, expanded`, "GET", path, {
      headers: pageHeaders(1, FALLBACK_PAGE),
      expanded: true,
    });
    return Array.isArray(answer?.json) ? answer.json.filter(isObject) : undefined;
  };
  const subs = await expanded("subscriptions", `${base}/subscription`);
  if (subs) {
    findings.subscriptions = {
      count: subs.length,
      statuses: tally(subs, "status"),
      licenceIds: tally(subs, "licenseId"),
    };
  }
  const tasks = await expanded("tasks", `${base}/task`);
  if (tasks) {
    findings.tasks = {
      count: tasks.length,
      statuses: tally(tasks, "status"),
      functions: tally(tasks, "function"),
    };
  }
  const licences = await expanded("orderable licences", `${base}/orderableLicenses`);
  if (licences) {
    findings.licences = licences.map((l) => ({
      id: Number(l.id),
      name: String(l.name),
      licenceType: text(l, "licenceType") ?? null,
    }));
    if (paging.numberAndSize.startsWith("not probed") && licences.length >= 2) {
      paging.numberAndSize = await probeSecondPage(
        rec,
        `${base}/orderableLicenses`,
        "orderable licences",
        licences,
        notes,
      );
    }
  }
  return findings;
}

async function probeOrdering(
  rec: Recorder,
  subsidiary: string,
  now: Date,
  ids: Placeholders,
  notes: string[],
): Promise<OrderingFindings> {
  const findings: OrderingFindings = {
    subsidiary,
    plans: [],
    options: [],
    requiredConfiguration: [],
    unfillable: [],
    cartDeleted: null,
  };
  const cart = (
    await rec.call("a throwaway cart (never checked out)", "POST", "/order/cart", {
      body: {
        ovhSubsidiary: subsidiary,
        description: "o365r api-check: throwaway cart, never checked out",
        expire: new Date(now.getTime() + 3_600_000).toISOString(),
      },
    })
  )?.json;
  const cartId = text(cart, "cartId");
  if (!cartId) return findings;
  ids.of("cart", cartId);
  const cartPath = `/order/cart/${encodeURIComponent(cartId)}`;
  try {
    if (!(await rec.call("assign the cart", "POST", `${cartPath}/assign`))) return findings;
    const plans = (await rec.call("CSP2 plans offered", "GET", `${cartPath}/csp2`))?.json;
    if (!Array.isArray(plans)) return findings;
    findings.plans = plans.filter(isObject).map(planFinding);
    if (findings.plans.length === 0)
      notes.push("the cart offers no CSP2 plan: this account may not order tenants");
    for (const plan of findings.plans.slice(0, MAX_PLANS)) {
      const options = await rec.call(
        `licence options of ${plan.planCode}`,
        "GET",
        `${cartPath}/csp2/options`,
        {
          query: { planCode: plan.planCode },
          expect: [404],
        },
      );
      findings.options.push({
        planCode: plan.planCode,
        offered: options !== undefined,
        options: Array.isArray(options?.json) ? options.json.filter(isObject).map(optionFinding) : [],
      });
      const families = [
        ...new Set(
          findings.options
            .at(-1)!
            .options.filter((o) => o.mandatory === true)
            .map((o) => o.family ?? "(unnamed)"),
        ),
      ];
      if (families.length > 0) {
        notes.push(
          `plan ${plan.planCode} is sold only with an option of the mandatory option famil${families.length === 1 ? "y" : "ies"} ${families.join(", ")}: a tenant declared without licences would be refused before checkout`,
        );
      }
      const price = plan.prices.find((p) => p.pricingMode === "default") ?? plan.prices[0];
      if (!price) {
        notes.push(`plan ${plan.planCode} has no price to put it in a cart with`);
        continue;
      }
      const item = (
        await rec.call(`a ${plan.planCode} item`, "POST", `${cartPath}/csp2`, {
          body: {
            planCode: plan.planCode,
            duration: price.duration,
            pricingMode: price.pricingMode,
            quantity: 1,
          },
        })
      )?.json;
      const itemId = isObject(item) ? item.itemId : undefined;
      if (typeof itemId !== "number") continue;
      ids.of("item", String(itemId));
      const labels = (
        await rec.call(
          `required configuration of ${plan.planCode}`,
          "GET",
          `${cartPath}/item/${itemId}/requiredConfiguration`,
        )
      )?.json;
      if (!Array.isArray(labels)) continue;
      const found = labels.filter(isObject).map(labelFinding);
      findings.requiredConfiguration.push({ planCode: plan.planCode, labels: found });
      for (const l of found) {
        if (l.required && l.filledFrom === null && !findings.unfillable.includes(l.label)) {
          findings.unfillable.push(l.label);
        }
      }
    }
    if (findings.unfillable.length > 0) {
      notes.push(
        `a tenant order would stop before checkout: o365r cannot fill the required label(s) ${findings.unfillable.join(", ")}`,
      );
    }
  } finally {
    findings.cartDeleted = (await rec.call("delete the cart", "DELETE", cartPath)) !== undefined;
    if (!findings.cartDeleted)
      notes.push("the throwaway cart could not be deleted; it expires within the hour");
  }
  return findings;
}

function planFinding(p: Json): PlanFinding {
  const prices = Array.isArray(p.prices) ? p.prices.filter(isObject) : [];
  return {
    planCode: String(p.planCode),
    productName: text(p, "productName") ?? null,
    productType: text(p, "productType") ?? null,
    prices: prices.map((x) => ({
      duration: String(x.duration),
      pricingMode: String(x.pricingMode),
      pricingType: text(x, "pricingType") ?? null,
      price: text(x.price, "text") ?? null,
    })),
  };
}

function optionFinding(o: Json): OptionFinding {
  return {
    ...planFinding(o),
    family: text(o, "family") ?? null,
    mandatory: typeof o.mandatory === "boolean" ? o.mandatory : null,
  };
}

function labelFinding(l: Json): LabelFinding {
  const label = String(l.label);
  return {
    label,
    type: String(l.type),
    required: l.required === true,
    fields: Array.isArray(l.fields) ? l.fields.map(String) : null,
    filledFrom: labelField(label) ?? null,
  };
}

function tally(items: Json[], key: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = String(item[key]);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function text(value: unknown, key: string): string | undefined {
  const v = isObject(value) ? value[key] : undefined;
  return typeof v === "string" ? v : undefined;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Equal as JSON, whatever the order of keys. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
