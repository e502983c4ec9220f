// A local HTTP server in front of a real emulator that passes every request through unchanged (the
// Host header too, so that signatures still verify) and lets a test rewrite chosen answers: to serve
// what OVHcloud's schema allows but the emulator never answers (nulls, values added later), with the
// rest of the flow real. Each rewritten body is checked against the schema, unless the test says the
// rewrite leaves it on purpose (an enum value OVHcloud has not published yet).
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { checkAnswer, type Violation } from "../../provider/ovh/schema/index.js";

export interface Rewrite {
  /** Method and API path (no `/1.0`, no query) of the answers to rewrite, e.g. /^GET \/me\/order\/\d+$/. */
  match: RegExp;
  rewrite: (body: unknown) => unknown;
  /** Violations the rewrite makes on purpose (their kinds, e.g. ["enum"]); anything else fails. */
  allow?: Violation["kind"][];
}

export interface RewritingProxy {
  url: string;
  /** How many answers each rule rewrote. */
  rewritten: Map<RegExp, number>;
  /** Violations that rewritten bodies had and their rule did not allow (should stay empty). */
  unexpected: string[];
  close(): Promise<void>;
}

export async function startRewritingProxy(target: string, rules: Rewrite[]): Promise<RewritingProxy> {
  const upstream = new URL(target);
  const rewritten = new Map<RegExp, number>(rules.map((r) => [r.match, 0]));
  const unexpected: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            let text = Buffer.concat(parts).toString("utf8");
            const path = new URL(req.url ?? "/", "http://x").pathname.replace(/^\/1\.0/, "");
            const key = `${req.method} ${path}`;
            const rule = rules.find((r) => r.match.test(key));
            const status = answer.statusCode ?? 500;
            if (rule && status >= 200 && status < 300) {
              const body = rule.rewrite(JSON.parse(text));
              for (const v of checkAnswer({ method: req.method ?? "GET", path, status, body }).violations) {
                if (!rule.allow?.includes(v.kind)) unexpected.push(`${key} ${v.at}: ${v.message}`);
              }
              rewritten.set(rule.match, (rewritten.get(rule.match) ?? 0) + 1);
              text = JSON.stringify(body);
            }
            const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(text)) };
            res.writeHead(status, headers);
            res.end(text);
          });
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/1.0`,
    rewritten,
    unexpected,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
