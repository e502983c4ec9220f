// Reading what states declare: Pulumi exports, Terraform state v4, `tofu show -json`; and the one-line
// errors for a state of another provider, a newer format, a plan given as a state, or not JSON.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../../provider/cli/lib/errors.js";
import { readStateFile, readStates } from "../../provider/cli/states/read.js";
import { subState, tenantState } from "../resources/fixtures.js";
import { tempDir } from "./harness.js";
import { pulumiExport, snake, terraformState } from "./state-fixtures.js";

const t = tempDir();
afterAll(() => t.cleanup());
let n = 0;
const write = (doc: unknown, name = `state-${++n}.json`) => {
  const path = join(t.dir, name);
  writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc));
  return path;
};

function fails(file: string): string {
  try {
    readStateFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(1);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message.startsWith(file)).toBe(true);
    return message.slice(file.length + 2);
  }
  throw new Error("expected an error");
}

const resources = [
  { name: "acme", state: tenantState() },
  { name: "acme-standard", state: subState() },
];

describe("reading states", () => {
  it("a Pulumi stack export, default dynamic type (told apart by fields)", () => {
    const file = write(pulumiExport(resources));
    const s = readStateFile(file);
    expect(s.format).toBe("pulumi");
    expect(s.tenants).toEqual([
      {
        source: file,
        address: "urn:pulumi:prod::estate::pulumi-nodejs:dynamic:Resource::acme",
        state: tenantState(),
      },
    ]);
    expect(s.subscriptions[0]!.state).toEqual(subState());
  });

  it("a Pulumi stack export with the provider's own type tokens, and the local backend's stack file", () => {
    const tenantOnly = pulumiExport([{ name: "acme", state: tenantState() }], {
      type: "pulumi-nodejs:dynamic/o365reseller:Tenant",
    });
    expect(readStateFile(write(tenantOnly)).tenants).toHaveLength(1);
    const exported = pulumiExport(resources) as { version: number; deployment: unknown };
    const checkpoint = {
      version: 3,
      checkpoint: { stack: "organization/estate/prod", latest: exported.deployment },
    };
    expect(readStateFile(write(checkpoint)).subscriptions).toHaveLength(1);
  });

  it("a Terraform/OpenTofu state v4, and `tofu show -json` of it, in modules too", () => {
    const file = write(terraformState(resources));
    const s = readStateFile(file);
    expect(s.format).toBe("terraform");
    expect(s.tenants[0]).toMatchObject({ address: "o365reseller_tenant.acme", state: tenantState() });
    // Terraform's nulls are read as absent (the core's upgrade would turn a null order id into 0).
    const { lastUpdate: _null, ...declared } = subState();
    expect(s.subscriptions[0]).toEqual({
      source: file,
      address: "o365reseller_subscription.acme-standard",
      state: declared,
    });

    const show = {
      format_version: "1.0",
      terraform_version: "1.12.6",
      values: {
        root_module: {
          resources: [
            {
              address: "o365reseller_tenant.acme",
              mode: "managed",
              type: "o365reseller_tenant",
              name: "acme",
              schema_version: 1,
              values: snake(tenantState()),
            },
          ],
          child_modules: [
            {
              address: "module.seats",
              resources: [
                {
                  address: "module.seats.o365reseller_subscription.s[0]",
                  mode: "managed",
                  type: "o365reseller_subscription",
                  name: "s",
                  index: 0,
                  schema_version: 1,
                  values: snake(subState()),
                },
                {
                  address: "module.seats.data.o365reseller_licenses.all",
                  mode: "data",
                  type: "o365reseller_licenses",
                  name: "all",
                  values: {},
                },
              ],
            },
          ],
        },
      },
    };
    const read = readStateFile(write(show));
    expect(read.format).toBe("terraform-show");
    expect(read.tenants[0]!.state).toEqual(tenantState());
    expect(read.subscriptions[0]).toMatchObject({
      address: "module.seats.o365reseller_subscription.s[0]",
      state: declared,
    });
  });

  it("reads several files of any mix; the same file twice counts once", () => {
    const p = write(pulumiExport([{ name: "acme", state: tenantState() }]));
    const tf = write(terraformState([{ name: "s", state: subState() }]));
    const { declared, files } = readStates([p, tf, p]);
    expect(files.map((f) => f.format)).toEqual(["pulumi", "terraform"]);
    expect(declared.tenants).toHaveLength(1);
    expect(declared.subscriptions).toHaveLength(1);
  });

  it("an empty state is a note, not an error", () => {
    const s = readStateFile(write({ version: 4, terraform_version: "1.12.6", lineage: "x", resources: [] }));
    expect(s.notes[0]).toContain("declares no resources");
  });
});

describe("unreadable states: one line naming the file and what is wrong", () => {
  it("a state of another provider", () => {
    const tf = {
      version: 4,
      terraform_version: "1.12.6",
      lineage: "x",
      resources: [{ mode: "managed", type: "aws_instance", name: "web", instances: [{}, {}] }],
    };
    expect(fails(write(tf))).toBe(
      "no o365-reseller tenant or subscription in this state (it holds aws_instance ×2): the state of another provider or project?",
    );
    const pulumi = {
      version: 3,
      deployment: {
        resources: [{ urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket" }],
      },
    };
    expect(fails(write(pulumi))).toContain("(it holds aws:s3/bucket:Bucket ×1)");
  });

  it("newer formats", () => {
    expect(fails(write({ ...(terraformState(resources) as object), version: 5 }))).toBe(
      "Terraform state version 5 is newer than this o365r reads (version 4); update o365r.",
    );
    expect(fails(write(pulumiExport(resources, { version: 5 })))).toBe(
      "Pulumi deployment version 5 is newer than this o365r reads (3 and 4); update o365r.",
    );
    expect(fails(write({ format_version: "2.0", values: {} }))).toContain(
      "format 2.0 is newer than this o365r reads",
    );
    expect(fails(write(terraformState(resources, { schemaVersion: 2 })))).toBe(
      "o365reseller_tenant.acme has resource schema version 2, newer than this o365r reads (1); update o365r.",
    );
    expect(
      fails(write(pulumiExport([{ name: "acme", state: { ...tenantState(), schemaVersion: 2 as 1 } }]))),
    ).toContain(
      "acme: The stored tenant state cannot be read: it has schema version 2, newer than this provider's 1.",
    );
  });

  it("older formats, plans, previews, not JSON, nothing known", () => {
    expect(fails(write({ ...(terraformState(resources) as object), version: 3 }))).toContain(
      "version 3 is too old",
    );
    expect(fails(write({ format_version: "1.2", resource_changes: [] }))).toContain("this is a plan");
    expect(fails(write({ steps: [], changeSummary: {} }))).toContain(
      "`pulumi preview --json` output, not a state",
    );
    expect(fails(write("{ not json"))).toMatch(/^not valid JSON \(/);
    expect(fails(write(""))).toBe("the file is empty; expected JSON.");
    expect(fails(write({ hello: "world" }))).toContain(
      "not a Pulumi stack export, a Terraform/OpenTofu state",
    );
    expect(() => readStateFile(join(t.dir, "nope.json"))).toThrow(
      `state file ${join(t.dir, "nope.json")} not found.`,
    );
  });

  it("an encrypted field says how to export it", () => {
    const doc = pulumiExport([{ name: "acme", state: tenantState() }]) as {
      deployment: { resources: Array<{ outputs?: Record<string, unknown> }> };
    };
    const r = doc.deployment.resources[2]!;
    r.outputs!.serviceName = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: "v1:x",
    };
    expect(fails(write(doc))).toContain(
      "(encrypted: serviceName; export with `pulumi stack export --show-secrets`)",
    );
    r.outputs!.serviceName = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      plaintext: '"csp2-0000abcd"',
    };
    expect(readStateFile(write(doc)).tenants[0]!.state.serviceName).toBe("csp2-0000abcd");
  });
});
