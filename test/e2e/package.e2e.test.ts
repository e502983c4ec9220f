/**
 * The package as a user gets it: `npm pack` of a clean copy of the sources (its `prepare` script builds
 * dist/), installed from the tarball into an empty folder with the optional peers a user adds, then
 * every export imported and every bin run, also under a Node older than 22.
 */
import { spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../../provider/terraform/certificate.js";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/handshake.js";
import { oldNode } from "../support/old-node.js";
import { makeWorkdir, REPO_ROOT, run, runUnchecked, type Workdir } from "./harness/index.js";

/** What a clean clone has that the package is built from (no dist/, no node_modules of its own). */
const SOURCES = [
  "package.json",
  "README.md",
  "tsconfig.json",
  "tsconfig.build.json",
  "bin",
  "provider",
  "emulator",
  "constructs",
  "sdk",
];

interface Manifest {
  version: string;
  exports: Record<string, string>;
  bin: Record<string, string>;
  devDependencies: Record<string, string>;
}

let work: Workdir;
let app: string;
let manifest: Manifest;
let files: string[];
// The project's Node (>= 22) first on PATH, as under npm; the registry client as configured here.
const env = () => ({
  ...process.env,
  PATH: `${join(REPO_ROOT, "node_modules", ".bin")}:${process.env.PATH}`,
});

beforeAll(async () => {
  work = await makeWorkdir("package");
  manifest = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as Manifest;
  const src = work.path("src");
  await mkdir(src);
  for (const entry of SOURCES) {
    await cp(join(REPO_ROOT, entry), join(src, entry), {
      recursive: true,
      filter: (from) => !from.includes(`${join(REPO_ROOT, "dist")}`),
    });
  }
  await symlink(join(REPO_ROOT, "node_modules"), join(src, "node_modules"), "dir");
  const packed = await run("npm", ["pack", "--json", "--pack-destination", work.dir], {
    cwd: src,
    env: env(),
    timeoutMs: 240_000,
  });
  const report = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = report[0]!.files.map((f) => f.path);

  app = work.path("app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  const peers = ["@pulumi/pulumi", "cdktf", "constructs"].map((p) => `${p}@${manifest.devDependencies[p]}`);
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", join(work.dir, report[0]!.filename), ...peers],
    { cwd: app, env: env(), timeoutMs: 280_000 },
  );
}, 600_000);

afterAll(async () => {
  await work?.cleanup();
});

describe("npm pack of a clean clone", () => {
  it("holds the compiled package, and source maps only with their sources (here: neither)", () => {
    for (const target of [...Object.values(manifest.exports), ...Object.values(manifest.bin)]) {
      expect(files).toContain(target.replace(/^\.\//, ""));
    }
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files.filter((f) => /(^|\/)test\/|\.spec\./.test(f))).toEqual([]);
  });
});

describe("installed from the tarball into an empty folder", () => {
  const installed = () => join(app, "node_modules", "o365-reseller");

  it("imports every export", async () => {
    const names = Object.keys(manifest.exports).map((e) => `o365-reseller/${e.replace(/^\.\//, "")}`);
    const script = `for (const name of ${JSON.stringify(names)}) { const m = await import(name); console.log(name, Object.keys(m).length); }`;
    const r = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: app, env: env() });
    for (const name of names) expect(r.stdout).toMatch(new RegExp(`^${name} [1-9]\\d*$`, "m"));
  });

  it("runs o365r: --version, --help and a command", async () => {
    const bin = join(app, "node_modules", ".bin", "o365r");
    expect((await run(bin, ["--version"], { cwd: app, env: env() })).stdout).toBe(`${manifest.version}\n`);
    expect((await run(bin, ["--help"], { cwd: app, env: env() })).stdout).toContain("inventory");
    const setup = await run(bin, ["terraform-setup", "--dir", work.path("tf")], { cwd: app, env: env() });
    expect(setup.stdout).toMatch(/^export TF_CLI_CONFIG_FILE=/);
  });

  it("runs terraform-provider-o365reseller: version, schema and the plugin handshake", async () => {
    const bin = join(app, "node_modules", ".bin", "terraform-provider-o365reseller");
    expect((await run(bin, ["version"], { cwd: app, env: env() })).stdout).toBe(
      `terraform-provider-o365reseller ${manifest.version}\n`,
    );
    const schema = JSON.parse((await run(bin, ["schema"], { cwd: app, env: env() })).stdout);
    expect(Object.keys(Object.values(schema.provider_schemas)[0] as object)).toContain("resource_schemas");
    expect(await handshake(bin)).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|\S+$/);
  });

  it("runs pulumi-resource-o365reseller as the Pulumi engine starts it: its version, then its port line", async () => {
    const bin = join(app, "node_modules", ".bin", "pulumi-resource-o365reseller");
    expect((await run(bin, ["--version"], { cwd: app, env: env() })).stdout).toBe(`${manifest.version}\n`);
    // The engine's address comes first; the plugin calls it only to log, so none needs to listen.
    expect(await firstLine(bin, ["127.0.0.1:1"], env())).toMatch(/^\d+$/);
  });

  it("every bin says plainly under Node < 22 that Node 22 is needed", async () => {
    const node = oldNode();
    for (const name of Object.keys(manifest.bin)) {
      const script = join(installed(), manifest.bin[name]!);
      const r = await runUnchecked(node.argv[0]!, [...node.argv.slice(1), script, "--version"], {
        cwd: app,
        env: env(),
      });
      expect(r.code, `${node.version}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toContain(`${name}: needs Node.js 22 or newer`);
      expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    }
  });

  it("ships no TypeScript sources and no test files", async () => {
    const top = await readdir(installed());
    expect(top.sort()).toEqual(["README.md", "bin", "dist", "package.json", "provider"]);
  });
});

/** Starts the provider as an engine does and returns its handshake line. */
function handshake(bin: string): Promise<string> {
  return firstLine(bin, [], {
    ...env(),
    [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: "6",
    PLUGIN_CLIENT_CERT: selfSignedCertificate({ curve: "P-521" }).certPem,
  });
}

/** Starts a plugin and returns the first line it prints on stdout (then stops it). */
function firstLine(bin: string, args: string[], childEnv: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(bin, args, { env: childEnv, stdio: ["pipe", "pipe", "inherit"] });
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => {
      child.kill("SIGKILL");
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`${bin} exited with ${code} before its first line`)));
  });
}
