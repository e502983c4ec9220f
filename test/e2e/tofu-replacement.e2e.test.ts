/**
 * A tenant replacement (new sub-domain) with the real OpenTofu CLI, our provider and the emulator:
 * refused at plan, naming allow_termination, until `allow_termination = true` is in the state; applying
 * that is a state-only update (no API write); then, with create_before_destroy, the replacement orders
 * exactly one new tenant, first, and sets the old one to end at expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccountCredentials, type EmulatorHandle, startEmulator } from "../../emulator/index.js";
import { createCsp2Api } from "../../provider/csp2/index.js";
import { createOvhClient } from "../../provider/ovh/index.js";
import { ovhEnv, type ResourceChange, TofuProject, type Workdir } from "./harness/index.js";
import { PROVIDER_SOURCE, providerDir } from "./tofu-provider-support.js";

const MAIN_TF = `
terraform {
  required_providers {
    o365reseller = {
      source = "${PROVIDER_SOURCE}"
    }
  }
}

provider "o365reseller" {}

variable "subdomain" {
  type = string
}
variable "allow_replacement" {
  type    = bool
  default = null
}
variable "allow_termination" {
  type    = bool
  default = null
}

resource "o365reseller_tenant" "acme" {
  display_name = "ACME Corp"
  mpn_id       = "1234567"
  contact = {
    first_name = "Wile E."
    last_name  = "Coyote"
    email      = "it@acme.example"
    phone      = "+1.5205550100"
    address    = "1 Desert Road"
    city       = "Tucson"
    zip_code   = "85701"
  }
  subdomain         = var.subdomain
  allow_replacement = var.allow_replacement
  allow_termination = var.allow_termination

  # A new sub-domain is a new tenant: order it before the old one is ended.
  lifecycle {
    create_before_destroy = true
  }
}

output "service_name" {
  value = o365reseller_tenant.acme.service_name
}
`;

const ADDRESS = "o365reseller_tenant.acme";

let em: EmulatorHandle;
let account: AccountCredentials;
let plugin: Workdir;
let project: TofuProject;
let oldServiceName: string;

const vars = (subdomain: string, allow: { replacement?: boolean; termination?: boolean } = {}) => [
  "-var",
  `subdomain=${subdomain}`,
  ...(allow.replacement === undefined ? [] : ["-var", `allow_replacement=${allow.replacement}`]),
  ...(allow.termination === undefined ? [] : ["-var", `allow_termination=${allow.termination}`]),
];
const actions = (list: ResourceChange[] | undefined) =>
  Object.fromEntries(
    (list ?? []).filter((c) => c.mode === "managed").map((c) => [c.address, c.change.actions]),
  );
const mutatingCalls = (e: EmulatorHandle) =>
  e.calls().filter((c) => ["POST", "PUT", "DELETE"].includes(c.method) && !c.path.startsWith("/_emulator"));
const orderIds = () => Object.keys(em.state().orders);

beforeAll(async () => {
  em = await startEmulator({ port: 0, taskSeconds: 0.3, orderStepSeconds: 0.3, log: () => {} });
  account = em.createAccount({ nic: "acme-reseller-ovh" });
  plugin = await providerDir();
  project = await TofuProject.create({
    files: { "main.tf": MAIN_TF },
    devOverrides: { [PROVIDER_SOURCE]: plugin.dir },
    env: ovhEnv(em, account),
  });
});

afterAll(async () => {
  await project?.cleanup();
  await plugin?.cleanup();
  await em?.stop();
});

describe("a tenant replaced for a new sub-domain, with OpenTofu", () => {
  it("orders the tenant with sub-domain acme", async () => {
    await project.apply(undefined, vars("acme"));
    oldServiceName = String((await project.outputs()).service_name);
    expect(orderIds()).toHaveLength(1);
    expect(em.state().tenants[oldServiceName]?.subDomain).toBe("acme");
  });

  it("refuses the sub-domain change at plan, naming allow_termination, while it is not in the state", async () => {
    em.clearCalls();
    const r = await project.tofu(["plan", "-no-color", ...vars("acme2", { replacement: true })], {
      okCodes: [1],
    });
    const text = r.stdout + r.stderr;
    // The core's REPLACEMENT_NEEDS_TERMINATION refusal, in Terraform's words.
    expect(text).toContain(`Replacing tenant ${oldServiceName} would order a new tenant and then end`);
    expect(text).toMatch(/Set allow_termination\s+=\s+true and apply once/);
    expect(text).not.toMatch(/allowTermination/);
    // The diagnostic carries the attribute path: tofu points at the allow_termination line.
    expect(text).toMatch(/in resource "o365reseller_tenant" "acme":\n\s*\d+:\s+allow_termination = /);
    expect(mutatingCalls(em)).toEqual([]);
    expect(orderIds()).toHaveLength(1);
  });

  it("records allow_termination with a state-only update: no API write", async () => {
    em.clearCalls();
    const { plan } = await project.plan(vars("acme", { termination: true }));
    expect(actions(plan.resource_changes)).toEqual({ [ADDRESS]: ["update"] });
    await project.apply("tfplan");
    expect(mutatingCalls(em)).toEqual([]);
    const stored = (await project.state()).values?.root_module?.resources?.find((r) => r.address === ADDRESS);
    expect(stored?.values).toMatchObject({ allow_termination: true, service_name: oldServiceName });
    expect(orderIds()).toHaveLength(1);
  });

  it("plans the change as a create-before-destroy replace of the sub-domain", async () => {
    const { plan, result } = await project.plan(vars("acme2", { replacement: true, termination: true }));
    expect(actions(plan.resource_changes)).toEqual({ [ADDRESS]: ["create", "delete"] });
    const change = plan.resource_changes!.find((c) => c.address === ADDRESS)!;
    expect(change.change.replace_paths).toEqual([["subdomain"]]);
    // The provider's note on the order is true with create_before_destroy set, as here.
    const shown = (result.stdout + result.stderr).replace(/[\s│]+/g, " ");
    expect(shown).toContain("This tenant is replaced: the order follows lifecycle create_before_destroy");
    expect(shown).toContain(
      "With lifecycle { create_before_destroy = true } on this resource, the new tenant",
    );
    expect(shown).not.toMatch(/unless the resource has|Set it to order/);
  });

  it("orders exactly one new tenant, first, then sets the old one to end at expiry", async () => {
    em.clearCalls();
    const before = new Set(orderIds());
    await project.apply("tfplan");

    const newOrders = orderIds().filter((id) => !before.has(id));
    expect(newOrders).toHaveLength(1);
    const newServiceName = String((await project.outputs()).service_name);
    expect(newServiceName).not.toBe(oldServiceName);
    const stored = (await project.state()).values?.root_module?.resources?.find((r) => r.address === ADDRESS);
    expect(stored?.values).toMatchObject({ subdomain: "acme2", order_id: Number(newOrders[0]) });

    const state = em.state();
    expect(state.tenants[newServiceName]?.subDomain).toBe("acme2");
    expect(state.tenants[newServiceName]?.renew.deleteAtExpiration).toBe(false);
    expect(state.tenants[oldServiceName]?.renew.deleteAtExpiration).toBe(true);
    expect((await freshApi(account).getServiceInfos(oldServiceName)).renew?.deleteAtExpiration).toBe(true);

    // The new tenant's order (checkout) comes before the write that ends the old one, and that write
    // is the only one on the old tenant.
    const writes = mutatingCalls(em).map((c) => `${c.method} ${c.path}`);
    const checkout = writes.findIndex((w) => /^POST \/order\/cart\/[^/]+\/checkout$/.test(w));
    const ending = writes.indexOf(`PUT /saas/csp2/${oldServiceName}/serviceInfos`);
    expect(checkout, writes.join("\n")).toBeGreaterThanOrEqual(0);
    expect(ending, writes.join("\n")).toBeGreaterThan(checkout);
    expect(writes.filter((w) => w.includes(oldServiceName))).toEqual([
      `PUT /saas/csp2/${oldServiceName}/serviceInfos`,
    ]);
    expect(writes.filter((w) => /\/checkout$/.test(w))).toHaveLength(1);
  });

  it("plans nothing after the replacement", async () => {
    const { changes } = await project.plan(vars("acme2", { replacement: true, termination: true }));
    expect(changes).toBe(false);
    expect(orderIds()).toHaveLength(2);
  });
});

function freshApi(creds: AccountCredentials) {
  const client = createOvhClient({
    endpoint: em.url,
    applicationKey: creds.applicationKey,
    applicationSecret: creds.applicationSecret,
    consumerKey: creds.consumerKey,
    env: {},
    configFiles: [],
    log: false,
    // The pace of the provider processes (ovhEnv): it shares their budget for this credential, and at
    // the default 60 a minute would wait for what they already spent.
    requestsPerMinute: 6000,
  });
  return createCsp2Api(client, { taskPoll: { initialMs: 50, maxMs: 200, factor: 1.5 } });
}
