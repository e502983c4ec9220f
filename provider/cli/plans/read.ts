// Reading a plan into the core's PlanDocument: `pulumi preview --json` (a PreviewDigest: steps with
// oldState/newState, diagnostics) or `tofu show -json <planfile>` / `terraform show -json <planfile>`
// (format_version 1.x: resource_changes with before/after/after_unknown, configuration). Only our
// resources are kept; prior states go through the core's upgrade functions; values the engine does not
// know yet become the core's UNKNOWN.

import { ResourceError } from "../../resources/errors.js";
import { UNKNOWN } from "../../resources/plan.js";
import type {
  EngineDiagnostic,
  PlanDocument,
  PlannedAction,
  PlannedChange,
} from "../../resources/plan-summary.js";
import { type SubscriptionState, upgradeSubscriptionState } from "../../resources/subscription/index.js";
import { type TenantState, upgradeTenantState } from "../../resources/tenant/index.js";
import { externalError } from "../lib/errors.js";
import {
  camelize,
  isRecord,
  majorOf,
  pulumiKind,
  readJsonFile,
  TF_SUBSCRIPTION,
  TF_TENANT,
  unwrapBlocks,
  unwrapPulumiSecrets,
} from "../states/common.js";

/** Pulumi's sentinel for a value not known until apply (sdk/go/common/resource/plugin, UnknownStringValue). */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const NOT_A_PLAN =
  "not `pulumi preview --json` output nor `tofu show -json` (or `terraform show -json`) of a saved plan";

export function readPlanFile(file: string): PlanDocument {
  const doc = readJsonFile(file, "plan file");
  if (!isRecord(doc)) throw externalError(`${file}: ${NOT_A_PLAN}.`);
  if ("format_version" in doc) {
    const isPlan = "resource_changes" in doc || "planned_values" in doc || "applyable" in doc;
    if (!isPlan) {
      throw externalError(
        `${file}: this is \`show -json\` of a state, not of a plan: run \`tofu plan -out=plan.bin\`, then \`tofu show -json plan.bin\`.`,
      );
    }
    return readTerraformPlan(file, doc);
  }
  if ("deployment" in doc || ("version" in doc && "resources" in doc)) {
    throw externalError(
      `${file}: this is a state, not a plan: use \`pulumi preview --json\` or \`tofu show -json <planfile>\`.`,
    );
  }
  if ("steps" in doc || "changeSummary" in doc || "diagnostics" in doc) return readPulumiPreview(file, doc);
  throw externalError(`${file}: ${NOT_A_PLAN}.`);
}

// ---- Pulumi ----------------------------------------------------------------------------------------

function readPulumiPreview(file: string, doc: Record<string, unknown>): PlanDocument {
  const steps = doc.steps ?? [];
  if (!Array.isArray(steps)) throw externalError(`${file}: steps is not a list.`);
  const changes: PlannedChange[] = [];
  const replaced = new Set<string>();
  for (const s of steps)
    if (isRecord(s) && s.op === "replace" && typeof s.urn === "string") replaced.add(s.urn);
  const pairs = new Map<string, { create?: Record<string, unknown>; remove?: Record<string, unknown> }>();
  const ours = new Set<string>();

  steps.forEach((step, i) => {
    if (!isRecord(step)) throw externalError(`${file}: steps[${i}] is not an object.`);
    const op = step.op;
    const urn = typeof step.urn === "string" ? step.urn : `steps[${i}]`;
    if (typeof op !== "string") throw externalError(`${file}: steps[${i}] has no op.`);
    const oldState = isRecord(step.oldState) ? step.oldState : undefined;
    const newState = isRecord(step.newState) ? step.newState : undefined;
    const type = String(newState?.type ?? oldState?.type ?? typeOfUrn(urn));
    const kind = pulumiKind(type, { ...fieldsOf(oldState), ...fieldsOf(newState) });
    if (!kind) return;
    ours.add(urn);
    if ((op === "create-replacement" || op === "delete-replaced") && !replaced.has(urn)) {
      const pair = pairs.get(urn) ?? {};
      if (op === "create-replacement") pair.create = newState;
      else pair.remove = oldState;
      pairs.set(urn, pair);
      return;
    }
    const action = pulumiAction(op, oldState);
    if (!action) return;
    changes.push(pulumiChange(file, urn, kind, action.action, action.adopt, oldState, newState));
  });
  for (const [urn, pair] of pairs) {
    const type = String(pair.create?.type ?? pair.remove?.type ?? typeOfUrn(urn));
    const kind = pulumiKind(type, { ...fieldsOf(pair.remove), ...fieldsOf(pair.create) })!;
    const action: PlannedAction = pair.create && pair.remove ? "replace" : pair.create ? "create" : "delete";
    changes.push(pulumiChange(file, urn, kind, action, false, pair.remove, pair.create));
  }

  const diagnostics: EngineDiagnostic[] = [];
  const raw = Array.isArray(doc.diagnostics) ? doc.diagnostics : [];
  for (const d of raw) {
    if (!isRecord(d) || typeof d.message !== "string") continue;
    const severity = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : undefined;
    // The engine's own closing line adds nothing to the errors it closes.
    if (!severity || /^(preview|update) failed$/.test(cleanMessage(d.message))) continue;
    const urn = typeof d.urn === "string" && d.urn !== "" ? d.urn : undefined;
    const mine =
      urn !== undefined &&
      (ours.has(urn) || typeOfUrn(urn).startsWith("pulumi-nodejs:dynamic/o365reseller:"));
    if (severity === "warning" && !mine) continue;
    diagnostics.push({ severity, message: cleanMessage(d.message), address: mine ? urn : undefined });
  }
  const tenantNames: Record<string, string> = {};
  for (const c of changes) {
    if (c.kind === "tenant" && c.before) tenantNames[c.before.serviceName] = c.before.displayName;
  }
  return { engine: "pulumi", changes, diagnostics, notes: [], tenantNames };
}

function pulumiAction(
  op: string,
  oldState: Record<string, unknown> | undefined,
): { action: PlannedAction; adopt: boolean } | undefined {
  switch (op) {
    case "create":
      return { action: "create", adopt: false };
    case "import":
    case "import-replacement":
      return { action: "create", adopt: true };
    case "update":
      return { action: "update", adopt: false };
    case "replace":
      return { action: "replace", adopt: false };
    case "delete":
      return { action: oldState?.retainOnDelete === true ? "forget" : "delete", adopt: false };
    case "create-replacement":
    case "delete-replaced":
      return undefined; // covered by the "replace" step of the same URN
    default:
      return undefined; // same, read, refresh, discard, remove-pending-replace, diff: no change at OVHcloud
  }
}

function pulumiChange(
  file: string,
  urn: string,
  kind: "tenant" | "subscription",
  action: PlannedAction,
  adopt: boolean,
  oldState: Record<string, unknown> | undefined,
  newState: Record<string, unknown> | undefined,
): PlannedChange {
  const needsBefore = action !== "create";
  const beforeFields = oldState
    ? (unwrapPulumiSecrets(oldState.outputs ?? oldState.inputs ?? {}) as Record<string, unknown>)
    : undefined;
  const after = newState
    ? unknowns(withoutEngineKeys(unwrapPulumiSecrets(newState.inputs ?? {})))
    : undefined;
  if (needsBefore && !beforeFields)
    throw externalError(`${file}: ${urn}: a ${action} step without oldState.`);
  const deps = isRecord(newState?.propertyDependencies) ? newState.propertyDependencies : {};
  const tenantDeps = Array.isArray(deps.tenant)
    ? deps.tenant.filter((u): u is string => typeof u === "string")
    : [];
  if (kind === "tenant") {
    return {
      kind,
      address: urn,
      action,
      adopt,
      after,
      before: beforeFields && tenantState(file, urn, beforeFields),
    };
  }
  return {
    kind,
    address: urn,
    action,
    adopt,
    after,
    before: beforeFields && subscriptionState(file, urn, beforeFields),
    tenantAddress: tenantDeps[0],
  };
}

function fieldsOf(state: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!state) return {};
  const inputs = isRecord(state.inputs) ? state.inputs : {};
  const outputs = isRecord(state.outputs) ? state.outputs : {};
  return { ...inputs, ...outputs };
}

function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts[parts.length - 2]! : "";
}

function withoutEngineKeys(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "__provider"));
}

function unknowns(value: unknown): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (v === PULUMI_UNKNOWN) return UNKNOWN;
    if (Array.isArray(v)) return v.map(walk);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as Record<string, unknown>;
}

/** Pulumi's colour markup (`<{%reset%}>`) and ANSI escapes out; first line only. */
function cleanMessage(message: string): string {
  const text = message
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what is removed.
    .replace(/\u001b\[[0-9;]*m/g, "")
    .replace(/<\{%[^%]*%\}>/g, "")
    .trim();
  return (
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== "")
      ?.trim() ?? text
  );
}

// ---- Terraform / OpenTofu --------------------------------------------------------------------------

function readTerraformPlan(file: string, doc: Record<string, unknown>): PlanDocument {
  const major = majorOf(doc.format_version);
  if (major === undefined) throw externalError(`${file}: format_version is not a version such as "1.2".`);
  if (major > 1) {
    throw externalError(
      `${file}: plan format ${String(doc.format_version)} is newer than this o365r reads (1.x); update o365r.`,
    );
  }
  const changes: PlannedChange[] = [];
  const notes: string[] = [];
  if (doc.errored === true) {
    notes.push(
      "The plan errored: the errors (refusals included) are in the engine's output, not in the plan JSON; this summary shows only what was planned.",
    );
  }
  const references = configurationReferences(doc.configuration);
  const tenantNames: Record<string, string> = {};
  const raw = doc.resource_changes ?? [];
  if (!Array.isArray(raw)) throw externalError(`${file}: resource_changes is not a list.`);
  for (const rc of raw) {
    if (!isRecord(rc) || rc.mode !== "managed") continue;
    if (rc.type !== TF_TENANT && rc.type !== TF_SUBSCRIPTION) continue;
    const address = typeof rc.address === "string" ? rc.address : `${rc.type}.${String(rc.name)}`;
    const change = isRecord(rc.change) ? rc.change : undefined;
    const actions = Array.isArray(change?.actions) ? change.actions.map(String) : undefined;
    if (!change || !actions) throw externalError(`${file}: ${address} has no change.actions.`);
    const importing = isRecord(change.importing);
    const action = terraformAction(actions, importing);
    if (rc.type === TF_TENANT && isRecord(change.before)) {
      const { service_name: sn, display_name: dn } = change.before;
      if (typeof sn === "string" && typeof dn === "string") tenantNames[sn] = dn;
    }
    if (!action) continue;
    const kind = rc.type === TF_TENANT ? "tenant" : "subscription";
    const before = isRecord(change.before)
      ? (camelize(unwrapBlocks(change.before)) as Record<string, unknown>)
      : undefined;
    const after = isRecord(change.after) ? afterWithUnknowns(change.after, change.after_unknown) : undefined;
    if (action !== "create" && !before)
      throw externalError(`${file}: ${address}: a ${action} without change.before.`);
    const base = { address, action, adopt: importing, after };
    if (kind === "tenant") {
      changes.push({ kind, ...base, before: before && tenantState(file, address, before) });
    } else {
      changes.push({
        kind,
        ...base,
        before: before && subscriptionState(file, address, before),
        tenantAddress: references.get(address.replace(/\[[^\]]*\]$/, "")),
      });
    }
  }
  return { engine: "terraform", changes, diagnostics: [], notes, tenantNames };
}

function terraformAction(actions: string[], importing: boolean): PlannedAction | undefined {
  const has = (a: string) => actions.includes(a);
  if (has("create") && has("delete")) return "replace";
  if (has("create")) return "create";
  if (has("delete")) return "delete";
  if (has("forget")) return "forget";
  if (has("update")) return "update";
  if (importing) return "update"; // a no-op import: adopted as it is
  return undefined; // no-op, read
}

/** The planned values with after_unknown's `true` leaves as UNKNOWN, keys camelCased. */
function afterWithUnknowns(after: Record<string, unknown>, afterUnknown: unknown): Record<string, unknown> {
  const merge = (value: unknown, unknown: unknown): unknown => {
    if (unknown === true) return UNKNOWN;
    if (isRecord(unknown)) {
      const base = isRecord(value) ? { ...value } : {};
      for (const [k, u] of Object.entries(unknown)) base[k] = merge(base[k], u);
      return base;
    }
    if (Array.isArray(unknown) && Array.isArray(value)) return value.map((v, i) => merge(v, unknown[i]));
    return value;
  };
  const merged = merge(after, afterUnknown) as Record<string, unknown>;
  return camelize(unwrapBlocks(merged)) as Record<string, unknown>;
}

/** Root-module subscriptions → the tenant resource their `tenant` argument refers to. */
function configurationReferences(configuration: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(configuration) || !isRecord(configuration.root_module)) return out;
  const resources = configuration.root_module.resources;
  for (const r of Array.isArray(resources) ? resources : []) {
    if (!isRecord(r) || r.type !== TF_SUBSCRIPTION || typeof r.address !== "string") continue;
    const tenant =
      isRecord(r.expressions) && isRecord(r.expressions.tenant) ? r.expressions.tenant : undefined;
    const refs = Array.isArray(tenant?.references) ? tenant.references : [];
    const ref = refs.find((x): x is string => typeof x === "string" && x.startsWith(`${TF_TENANT}.`));
    if (ref) out.set(r.address, ref.split(".").slice(0, 2).join(".").replace(/\[.*$/, ""));
  }
  return out;
}

// ---- both ------------------------------------------------------------------------------------------

function tenantState(file: string, address: string, fields: Record<string, unknown>): TenantState {
  return readable(file, address, () => upgradeTenantState(fields));
}

function subscriptionState(
  file: string,
  address: string,
  fields: Record<string, unknown>,
): SubscriptionState {
  return readable(file, address, () => upgradeSubscriptionState(fields));
}

function readable<T>(file: string, address: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ResourceError) throw externalError(`${file}: ${address}: ${error.what}`);
    throw error;
  }
}
