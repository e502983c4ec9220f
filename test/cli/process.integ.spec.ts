// The o365r process as a user runs it: help with an example on every command, usage errors (exit 64,
// nothing on stdout), bad input (exit 1, one line on stderr naming the file), machine output on stdout.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLES, runCli, tempDir, writeFile } from "./harness.js";

const t = tempDir();
afterAll(() => t.cleanup());

describe("help", () => {
  it("lists the commands, and every command's help has an example and its exit codes", async () => {
    const commands = ["accounts", "accounts check", "inventory", "drift", "plan-summary", "adopt"];
    const [top, ...each] = await Promise.all([
      runCli(["--help"]),
      ...commands.map((c) => runCli([...c.split(" "), "--help"])),
    ]);
    expect(top!.code).toBe(0);
    for (const c of ["emulator", "accounts", "inventory", "drift", "plan-summary", "adopt"]) {
      expect(top!.stdout).toMatch(new RegExp(`^\\s+${c} `, "m"));
    }
    each.forEach((r, i) => {
      expect(r.code, commands[i]).toBe(0);
      expect(r.stdout, commands[i]).toMatch(/Examples?:\n {2}(o365r|pulumi|tofu|O365R)/);
      expect(r.stdout, commands[i]).toContain("Exit codes");
    });
  });
});

describe("errors", () => {
  it("usage errors exit 64 (never 2, which is drift found) with nothing on stdout", async () => {
    const [noState, twoFormats, badFormat] = await Promise.all([
      runCli(["drift"]),
      runCli(["inventory", "--json", "--csv"]),
      runCli(["adopt", "--format", "yaml"]),
    ]);
    for (const r of [noState, twoFormats, badFormat]) {
      expect(r.code).toBe(64);
      expect(r.stdout).toBe("");
    }
    expect(noState.stderr).toContain("required option '--state <file>' not specified");
    expect(twoFormats.stderr).toContain("option '--json' cannot be used with option '--csv'");
    expect(badFormat.stderr).toContain("Allowed choices are pulumi, hcl, cdktf");
  });

  it("bad input exits 1 with one line naming the file", async () => {
    const broken = writeFile(t.dir, "preview.json", '{"steps": [');
    const missing = join(t.dir, "missing.accounts.yaml");
    const [plan, accounts] = await Promise.all([
      runCli(["plan-summary", broken]),
      runCli(["inventory", "--accounts", missing]),
    ]);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe("");
    expect(plan.stderr).toMatch(new RegExp(`^o365r: ${broken}: not valid JSON \\([^\\n]+\\)\\.\\n$`));
    expect(accounts.code).toBe(1);
    expect(accounts.stderr).toBe(
      `o365r: accounts file ${missing} not found. Create it (see \`o365r accounts --help\`), or name another with --accounts or O365R_ACCOUNTS.\n`,
    );
  });
});

describe("failed accounts", () => {
  const broken = () =>
    writeFile(
      t.dir,
      "broken.accounts.yaml",
      `accounts:
  first:
    credentials: { env: { applicationKey: NO_AK_1, applicationSecret: NO_AS_1, consumerKey: NO_CK_1 } }
  second:
    credentials: { env: { applicationKey: NO_AK_2, applicationSecret: NO_AS_2, consumerKey: NO_CK_2 } }
`,
    );

  it.each(["inventory", "inventory --json", "adopt"])(
    "%s: when no account can be scanned, stdout stays empty and each error is printed once",
    async (command) => {
      const file = broken();
      const r = await runCli([...command.split(" "), "--accounts", file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines.filter((l) => l.startsWith("o365r: account first"))).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith("o365r: account second"))).toHaveLength(1);
    },
  );

  it("with O365R_LOG=debug an ordinary error is one line, without a stack trace", async () => {
    const missing = join(t.dir, "missing.tfstate");
    const r = await runCli(["drift", "--state", missing], { env: { O365R_LOG: "debug" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^o365r: [^\n]*missing\.tfstate[^\n]*\n$/);
  });
});

it("plan-summary writes the Markdown comment on stdout and nothing else", async () => {
  const r = await runCli([
    "plan-summary",
    join(EXAMPLES, "fixtures/pulumi-preview.json"),
    "--prices",
    join(EXAMPLES, "prices.yaml"),
  ]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(r.stdout.startsWith("<!-- o365r:plan-summary -->\n")).toBe(true);
  expect(r.stdout).toContain("+355.40 EUR");
});
