// A protocol test client of our own: starts the provider process the way Terraform/OpenTofu do
// (go-plugin's environment, a fresh P-521 client certificate, the handshake line on stdout, mTLS with
// ServerName "localhost") and calls its RPCs over gRPC.
import { type ChildProcess, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { selfSignedCertificate, toPem } from "../../provider/terraform/certificate.js";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../provider/terraform/handshake.js";
import { loadServices } from "../../provider/terraform/protocol.js";

export interface PluginClientOptions {
  /** Command and arguments that start the provider (default: the launcher through this Node). */
  command?: string[];
  env?: NodeJS.ProcessEnv;
  /** false = no PLUGIN_CLIENT_CERT (plaintext), as with TF_DISABLE_PLUGIN_TLS. */
  tls?: boolean;
  /** Connect with this certificate instead of the one passed in PLUGIN_CLIENT_CERT (an impostor). */
  connectWith?: { certPem: string; keyPem: string };
  /** Handshake timeout; Terraform waits one minute. */
  timeoutMs?: number;
}

export interface Handshake {
  line: string;
  core: string;
  protocol: string;
  network: string;
  address: string;
  rpc: string;
  certificate: string;
}

type Unary = (
  request: object,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => void;

export class PluginClient {
  private constructor(
    readonly child: ChildProcess,
    readonly handshake: Handshake,
    private readonly provider: grpc.Client,
    private readonly controller: grpc.Client,
    private readonly health: grpc.Client,
    readonly stderr: string[],
    readonly serverCertificate: X509Certificate | undefined,
    /** Lines written to stdout after the handshake (there must be none). */
    readonly extraStdout: string[],
  ) {}

  static async start(options: PluginClientOptions = {}): Promise<PluginClient> {
    const client = selfSignedCertificate({ curve: "P-521", organization: "HashiCorp" });
    const tls = options.tls ?? true;
    const [cmd, ...args] = options.command ?? [
      process.execPath,
      new URL("../../bin/terraform-provider-o365reseller.js", import.meta.url).pathname,
    ];
    const child = spawn(cmd!, args, {
      env: {
        ...process.env,
        O365R_FROM_SOURCE: "1",
        ...options.env,
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: "5,6",
        PLUGIN_MIN_PORT: "10000",
        PLUGIN_MAX_PORT: "25000",
        PLUGIN_CLIENT_CERT: tls ? client.certPem : "",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    createInterface({ input: child.stderr! }).on("line", (l) => stderr.push(l));
    const extraStdout: string[] = [];
    const line = await firstLine(child, options.timeoutMs ?? 60_000, stderr, extraStdout);
    const [core, protocol, network, address, rpc, certificate = ""] = line.split("|");
    const handshake = {
      line,
      core: core!,
      protocol: protocol!,
      network: network!,
      address: address!,
      rpc: rpc!,
      certificate,
    };

    let credentials: grpc.ChannelCredentials;
    let serverCertificate: X509Certificate | undefined;
    const channelOptions: grpc.ChannelOptions = { "grpc.max_receive_message_length": 256 * 1024 * 1024 };
    if (certificate.length > 50) {
      const der = Buffer.from(certificate, "base64");
      serverCertificate = new X509Certificate(der);
      const presented = options.connectWith ?? client;
      credentials = grpc.credentials.createSsl(
        Buffer.from(toPem("CERTIFICATE", der)),
        Buffer.from(presented.keyPem),
        Buffer.from(presented.certPem),
      );
      channelOptions["grpc.ssl_target_name_override"] = "localhost";
      channelOptions["grpc.default_authority"] = "localhost";
    } else {
      credentials = grpc.credentials.createInsecure();
    }
    const services = loadServices();
    const make = (def: grpc.ServiceDefinition) =>
      new (grpc.makeGenericClientConstructor(def, "x"))(address!, credentials, channelOptions);
    return new PluginClient(
      child,
      handshake,
      make(services.provider),
      make(services.controller),
      make(services.health),
      stderr,
      serverCertificate,
      extraStdout,
    );
  }

  /** Calls one unary RPC of `tfplugin6.Provider`. */
  call<T = Record<string, unknown>>(method: string, request: object = {}): Promise<T> {
    return unary<T>(this.provider, method, request);
  }

  checkHealth(): Promise<{ status: number }> {
    return unary(this.health, "Check", { service: "plugin" });
  }

  /** What go-plugin does on close: Shutdown, then waits for the process to exit (kills after 2 s). */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once("exit", (code) => resolve(code));
    });
    try {
      await unary(this.controller, "Shutdown", {});
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2_000);
    const code = await exited;
    clearTimeout(timer);
    for (const c of [this.provider, this.controller, this.health]) c.close();
    return code;
  }

  kill(): void {
    this.child.kill("SIGKILL");
    for (const c of [this.provider, this.controller, this.health]) c.close();
  }
}

function unary<T>(client: grpc.Client, method: string, request: object): Promise<T> {
  const fn = (client as unknown as Record<string, Unary>)[method];
  if (!fn) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) =>
    fn.call(client, request, (error, response) => (error ? reject(error) : resolve(response as T))),
  );
}

function firstLine(
  child: ChildProcess,
  timeoutMs: number,
  stderr: string[],
  extra: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no handshake within ${timeoutMs} ms; stderr:\n${stderr.join("\n")}`));
    }, timeoutMs);
    let first = true;
    rl.on("line", (line) => {
      if (!first) {
        extra.push(line);
        return;
      }
      first = false;
      clearTimeout(timer);
      resolve(line);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited with ${code} before the handshake; stderr:\n${stderr.join("\n")}`));
    });
  });
}
