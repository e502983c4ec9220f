// What api-check keeps of an answer: shapes instead of values, violations without the value found,
// placeholders for identifiers.
import { describe, expect, it } from "vitest";
import { groupViolations, Placeholders, shapeOf } from "../../provider/cli/api-check/redact.js";
import { checkAnswer } from "../../provider/ovh/schema/index.js";

describe("shapeOf", () => {
  it("keeps property names and JSON types, counts lists, hides IAM tag keys", () => {
    expect(
      shapeOf([
        { displayName: "Contoso", seats: 5, ok: true, mpnId: null, iam: { tags: { customer: "contoso" } } },
        { displayName: "Fabrikam" },
      ]),
    ).toEqual({
      items: 2,
      of: {
        displayName: "string",
        seats: "number",
        ok: "boolean",
        mpnId: null,
        iam: { tags: { "<tag>": "string" } },
      },
    });
    expect(shapeOf([])).toEqual({ items: 0 });
  });
});

describe("groupViolations", () => {
  it("folds list elements, and leaves out the value found", () => {
    const check = checkAnswer({
      method: "GET",
      path: "/saas/csp2/csp2-1/subscription",
      status: 200,
      expanded: true,
      body: [1, 2, 3].map((id) => ({
        creationDate: "2026-01-01T00:00:00Z",
        id,
        lastUpdate: "2026-01-02",
        licenseId: 2,
        quantity: "secret-looking 12",
        status: "active",
        taskPendingId: 0,
      })),
    });
    const groups = groupViolations(check.violations);
    expect(groups).toContainEqual({
      at: "$[*].quantity",
      kind: "type",
      message: "expected long; got a string",
      count: 3,
    });
    expect(groups).toContainEqual(
      expect.objectContaining({
        at: "$[*].lastUpdate",
        kind: "format",
        message: expect.stringMatching(/got a string$/),
        count: 3,
      }),
    );
    expect(JSON.stringify(groups)).not.toContain("secret-looking");
    expect(JSON.stringify(groups)).not.toContain("2026-01-02");
  });

  it("keeps enum values (they are what a maintainer adds to the models) and hides map keys", () => {
    const groups = groupViolations([
      { at: '$.iam.tags["customer:contoso"]', kind: "type", message: "expected string; got number 3" },
      {
        at: "$.status",
        kind: "enum",
        message: '"migrating" is not a value of saas.csp2.ServiceStateEnum (ok, …)',
      },
    ]);
    expect(groups.map((g) => [g.at, g.message])).toEqual([
      ['$.iam.tags["<key>"]', "expected string; got a number"],
      ["$.status", '"migrating" is not a value of saas.csp2.ServiceStateEnum (ok, …)'],
    ]);
  });
});

describe("Placeholders", () => {
  it("gives each identifier a stable placeholder and scrubs texts of them", () => {
    const ids = new Placeholders();
    expect(ids.of("tenant", "csp2-0a1b2c3d")).toBe("<tenant-1>");
    expect(ids.of("tenant", "csp2-ffffffff")).toBe("<tenant-2>");
    expect(ids.of("tenant", "csp2-0a1b2c3d")).toBe("<tenant-1>");
    expect(ids.of("nic", "ab12345-ovh")).toBe("<nic>");
    expect(ids.scrub("This service does not exist: csp2-ffffffff (ab12345-ovh)")).toBe(
      "This service does not exist: <tenant-2> (<nic>)",
    );
  });
});
