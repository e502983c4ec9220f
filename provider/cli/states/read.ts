// Reading what states declare, any mix of: a Pulumi stack export (`pulumi stack export`, also the
// stack file of a local backend), a Terraform/OpenTofu state (terraform.tfstate, version 4), and
// `tofu show -json` / `terraform show -json` of a state. Every resource of ours becomes the core's
// state shape through upgradeTenantState / upgradeSubscriptionState; anything unreadable is one line
// naming the file, the resource and what is wrong.
import type { Declared, DeclaredSet } from "../../resources/drift.js";
import { ResourceError } from "../../resources/errors.js";
import {
  SUBSCRIPTION_STATE_VERSION,
  type SubscriptionState,
  upgradeSubscriptionState,
} from "../../resources/subscription/index.js";
import { TENANT_STATE_VERSION, type TenantState, upgradeTenantState } from "../../resources/tenant/index.js";
import { externalError } from "../lib/errors.js";
import {
  camelize,
  isRecord,
  majorOf,
  pulumiKind,
  readJsonFile,
  TF_SUBSCRIPTION,
  TF_TENANT,
  terraformAddress,
  unwrapBlocks,
  unwrapPulumiSecrets,
} from "./common.js";

export interface StateFile extends DeclaredSet {
  file: string;
  format: "pulumi" | "terraform" | "terraform-show";
  /** Remarks for stderr (e.g. an empty state). */
  notes: string[];
}

interface Collected {
  tenants: Declared<TenantState>[];
  subscriptions: Declared<SubscriptionState>[];
  /** Types of resources that are not ours, for the "another provider" message. */
  others: Map<string, number>;
}

export function readStates(files: readonly string[]): { declared: DeclaredSet; files: StateFile[] } {
  const read = [...new Set(files)].map(readStateFile);
  return {
    declared: {
      tenants: read.flatMap((f) => f.tenants),
      subscriptions: read.flatMap((f) => f.subscriptions),
    },
    files: read,
  };
}

export function readStateFile(file: string): StateFile {
  const doc = readJsonFile(file, "state file");
  if (!isRecord(doc)) throw externalError(`${file}: ${UNKNOWN_FORMAT}`);
  if ("planned_values" in doc || "resource_changes" in doc) {
    throw externalError(
      `${file}: this is a plan (\`show -json\` of a plan file), not a state; drift reads states: \`tofu show -json\` without a plan, terraform.tfstate or \`pulumi stack export\`.`,
    );
  }
  if ("steps" in doc || "changeSummary" in doc) {
    throw externalError(
      `${file}: this is \`pulumi preview --json\` output, not a state; use \`pulumi stack export\`.`,
    );
  }
  const c: Collected = { tenants: [], subscriptions: [], others: new Map() };
  let format: StateFile["format"];
  if ("deployment" in doc || "checkpoint" in doc) {
    format = "pulumi";
    readPulumi(file, doc, c);
  } else if ("format_version" in doc) {
    format = "terraform-show";
    readTerraformShow(file, doc, c);
  } else if (
    typeof doc.version === "number" &&
    ("lineage" in doc || "terraform_version" in doc || "resources" in doc)
  ) {
    format = "terraform";
    readTerraformState(file, doc, c);
  } else {
    throw externalError(`${file}: ${UNKNOWN_FORMAT}`);
  }
  const notes: string[] = [];
  if (c.tenants.length + c.subscriptions.length === 0) {
    if (c.others.size > 0) {
      const types = [...c.others.entries()].map(([t, n]) => `${t} ×${n}`).join(", ");
      throw externalError(
        `${file}: no o365-reseller tenant or subscription in this state (it holds ${types}): the state of another provider or project?`,
      );
    }
    notes.push(`${file}: the state declares no resources.`);
  }
  return { file, format, tenants: c.tenants, subscriptions: c.subscriptions, notes };
}

const UNKNOWN_FORMAT =
  "not a Pulumi stack export, a Terraform/OpenTofu state (version 4) nor `tofu show -json` output of a state.";

function readPulumi(file: string, doc: Record<string, unknown>, c: Collected): void {
  const version = doc.version;
  if (typeof version !== "number") throw externalError(`${file}: a Pulumi stack export without a version.`);
  if (version > 4) {
    throw externalError(
      `${file}: Pulumi deployment version ${version} is newer than this o365r reads (3 and 4); update o365r.`,
    );
  }
  if (version < 3) {
    throw externalError(
      `${file}: Pulumi deployment version ${version} is too old (o365r reads 3 and 4); run \`pulumi stack export\` with a current Pulumi.`,
    );
  }
  const deployment = isRecord(doc.deployment)
    ? doc.deployment
    : isRecord(doc.checkpoint) && isRecord(doc.checkpoint.latest)
      ? doc.checkpoint.latest
      : {};
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) throw externalError(`${file}: deployment.resources is not a list.`);
  resources.forEach((r, i) => {
    if (!isRecord(r) || typeof r.type !== "string") return;
    const urn = typeof r.urn === "string" ? r.urn : `resources[${i}]`;
    if (r.type.startsWith("pulumi:")) return; // the stack itself and provider resources
    if (r.delete === true) return; // pending deletion after a replace
    const encrypted: string[] = [];
    const outputs = unwrapPulumiSecrets(r.outputs ?? {}, "", encrypted);
    const inputs = unwrapPulumiSecrets(r.inputs ?? {}, "", []);
    const fields = { ...(isRecord(inputs) ? inputs : {}), ...(isRecord(outputs) ? outputs : {}) };
    const kind = pulumiKind(r.type, fields);
    if (!kind) {
      c.others.set(r.type, (c.others.get(r.type) ?? 0) + 1);
      return;
    }
    add(
      c,
      file,
      urn,
      kind,
      fields,
      encrypted.filter((p) => !p.startsWith("__provider")),
    );
  });
}

function readTerraformState(file: string, doc: Record<string, unknown>, c: Collected): void {
  const version = doc.version as number;
  if (version > 4) {
    throw externalError(
      `${file}: Terraform state version ${version} is newer than this o365r reads (version 4); update o365r.`,
    );
  }
  if (version < 4) {
    throw externalError(
      `${file}: Terraform state version ${version} is too old (o365r reads version 4); run \`tofu plan\` once with a current OpenTofu or Terraform to upgrade it.`,
    );
  }
  const resources = doc.resources ?? [];
  if (!Array.isArray(resources)) throw externalError(`${file}: resources is not a list.`);
  for (const r of resources) {
    if (!isRecord(r) || r.mode !== "managed" || typeof r.type !== "string" || typeof r.name !== "string")
      continue;
    const instances = Array.isArray(r.instances) ? r.instances : [];
    const ours = r.type === TF_TENANT || r.type === TF_SUBSCRIPTION;
    if (!ours) {
      c.others.set(r.type, (c.others.get(r.type) ?? 0) + instances.length);
      continue;
    }
    for (const inst of instances) {
      if (!isRecord(inst) || !isRecord(inst.attributes)) continue;
      if (inst.deposed !== undefined) continue; // an old object awaiting delete after create-before-destroy
      const address = terraformAddress({ module: r.module, type: r.type, name: r.name }, inst.index_key);
      schemaGuard(file, address, r.type, inst.schema_version);
      add(c, file, address, r.type === TF_TENANT ? "tenant" : "subscription", tfFields(inst.attributes), []);
    }
  }
}

function readTerraformShow(file: string, doc: Record<string, unknown>, c: Collected): void {
  const major = majorOf(doc.format_version);
  if (major === undefined) throw externalError(`${file}: format_version is not a version such as "1.0".`);
  if (major > 1) {
    throw externalError(
      `${file}: \`show -json\` format ${String(doc.format_version)} is newer than this o365r reads (1.x); update o365r.`,
    );
  }
  const visit = (module: unknown) => {
    if (!isRecord(module)) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isRecord(r) || r.mode !== "managed" || typeof r.type !== "string") continue;
      if (r.type !== TF_TENANT && r.type !== TF_SUBSCRIPTION) {
        c.others.set(r.type, (c.others.get(r.type) ?? 0) + 1);
        continue;
      }
      if (r.deposed_key !== undefined || !isRecord(r.values)) continue;
      const address = typeof r.address === "string" ? r.address : `${r.type}.${String(r.name)}`;
      schemaGuard(file, address, r.type, r.schema_version);
      add(c, file, address, r.type === TF_TENANT ? "tenant" : "subscription", tfFields(r.values), []);
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) visit(child);
  };
  if (isRecord(doc.values)) visit(doc.values.root_module);
}

function tfFields(attributes: Record<string, unknown>): Record<string, unknown> {
  return camelize(unwrapBlocks(attributes)) as Record<string, unknown>;
}

/** The provider's resource schema version recorded by Terraform: newer than ours means a newer provider wrote it. */
function schemaGuard(file: string, address: string, type: string, version: unknown): void {
  const ours = type === TF_TENANT ? TENANT_STATE_VERSION : SUBSCRIPTION_STATE_VERSION;
  if (typeof version === "number" && version > ours) {
    throw externalError(
      `${file}: ${address} has resource schema version ${version}, newer than this o365r reads (${ours}); update o365r.`,
    );
  }
}

function add(
  c: Collected,
  file: string,
  address: string,
  kind: "tenant" | "subscription",
  fields: Record<string, unknown>,
  encrypted: string[],
): void {
  try {
    if (kind === "tenant") c.tenants.push({ source: file, address, state: upgradeTenantState(fields) });
    else c.subscriptions.push({ source: file, address, state: upgradeSubscriptionState(fields) });
  } catch (error) {
    if (!(error instanceof ResourceError)) throw error;
    const hint =
      encrypted.length > 0
        ? ` (encrypted: ${encrypted.join(", ")}; export with \`pulumi stack export --show-secrets\`)`
        : "";
    throw externalError(`${file}: ${address}: ${error.what}${hint}`);
  }
}
