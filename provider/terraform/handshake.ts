// go-plugin's side of the launch: the host's environment (magic cookie, protocol versions, port
// range, client certificate) and the one handshake line the host reads from stdout.
//   CORE-PROTOCOL-VERSION | APP-PROTOCOL-VERSION | NETWORK | ADDRESS | PROTOCOL | SERVER-CERT
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
export const CORE_PROTOCOL_VERSION = 1;
export const PROTOCOL_VERSION = 6;
/** go-plugin's defaults when the host sets no range. */
export const DEFAULT_PORT_RANGE = { min: 10_000, max: 25_000 } as const;

export interface PluginLaunch {
  protocolVersion: typeof PROTOCOL_VERSION;
  minPort: number;
  maxPort: number;
  /** PEM of the host's certificate; undefined = no AutoMTLS (plaintext, empty certificate field). */
  clientCertPem: string | undefined;
}

export type LaunchCheck = { ok: true; launch: PluginLaunch } | { ok: false; reason: string };

export function readLaunch(env: NodeJS.ProcessEnv): LaunchCheck {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) return { ok: false, reason: "no-cookie" };
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? "").trim();
  if (offered !== "") {
    const versions = offered.split(",").map((v) => Number(v.trim()));
    if (!versions.includes(PROTOCOL_VERSION)) {
      return {
        ok: false,
        reason: `The host speaks plugin protocol versions ${offered}; this provider speaks only version ${PROTOCOL_VERSION} (Terraform ≥ 1.0, OpenTofu ≥ 1.6).`,
      };
    }
  }
  const port = (name: string, fallback: number) => {
    const raw = env[name];
    const n = raw === undefined || raw.trim() === "" ? fallback : Number(raw);
    return Number.isInteger(n) && n > 0 && n < 65_536 ? n : undefined;
  };
  const minPort = port("PLUGIN_MIN_PORT", DEFAULT_PORT_RANGE.min);
  const maxPort = port("PLUGIN_MAX_PORT", DEFAULT_PORT_RANGE.max);
  if (minPort === undefined || maxPort === undefined || minPort > maxPort) {
    return {
      ok: false,
      reason: `PLUGIN_MIN_PORT/PLUGIN_MAX_PORT do not form a port range (${env.PLUGIN_MIN_PORT}..${env.PLUGIN_MAX_PORT}).`,
    };
  }
  const cert = env.PLUGIN_CLIENT_CERT ?? "";
  return {
    ok: true,
    launch: {
      protocolVersion: PROTOCOL_VERSION,
      minPort,
      maxPort,
      clientCertPem: cert.trim() === "" ? undefined : cert,
    },
  };
}

export function handshakeLine(address: string, serverCert: string): string {
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|tcp|${address}|grpc|${serverCert}\n`;
}

/** Ports of the range in the order to try them: from a random start, wrapping around. */
export function portOrder(min: number, max: number, random: () => number = Math.random): number[] {
  const size = max - min + 1;
  const start = Math.floor(random() * size);
  return Array.from({ length: size }, (_, i) => min + ((start + i) % size));
}

export const USAGE = `terraform-provider-o365reseller: the Terraform/OpenTofu provider for OVHcloud's Office 365 Reseller (CSP2).

This is a plugin: Terraform or OpenTofu start it, it is not meant to be run by hand.
To use it, make the engine find it (the CLI config, e.g. ~/.tofurc or ~/.terraformrc):

  provider_installation {
    dev_overrides {
      "o365-reseller/o365reseller" = "<directory holding terraform-provider-o365reseller>"
    }
    direct {}
  }

then declare it in your configuration:

  terraform {
    required_providers {
      o365reseller = { source = "o365-reseller/o365reseller" }
    }
  }

Other commands:
  terraform-provider-o365reseller schema    print the provider schema as \`tofu providers schema -json\` does
  terraform-provider-o365reseller version   print the provider version
`;
