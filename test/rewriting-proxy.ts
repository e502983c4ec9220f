// A small HTTP proxy in front of the emulator that changes chosen answers on their way back, to see
// what our code does with an answer the emulator would never give (OVHcloud may): an order form
// asking for a label o365r does not know, a value of the wrong type. Requests go through untouched,
// Host header included, so the emulator verifies the signatures the client made for the proxy's URL.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedAnswer {
  method: string;
  /** The API path without `/1.0` and without the query. */
  path: string;
  status: number;
  body: unknown;
}

/** Returns the body to answer instead, or undefined to leave the answer as it is. */
export type Rewrite = (answer: ProxiedAnswer) => unknown;

export interface RewritingProxy {
  /** `http://127.0.0.1:PORT/1.0`: a valid OVH_ENDPOINT. */
  url: string;
  /** How many answers were rewritten. */
  rewritten(): number;
  close(): Promise<void>;
}

export async function startRewritingProxy(origin: string, rewrite: Rewrite): Promise<RewritingProxy> {
  const target = new URL(origin);
  let count = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on("data", (c: Buffer) => parts.push(c));
          answer.on("end", () => {
            let text = Buffer.concat(parts).toString("utf8");
            const url = new URL(req.url ?? "/", "http://proxy.invalid");
            let body: unknown;
            try {
              body = text === "" ? null : JSON.parse(text);
            } catch {
              body = undefined;
            }
            const replaced =
              body === undefined
                ? undefined
                : rewrite({
                    method: req.method ?? "GET",
                    path: url.pathname.replace(/^\/1\.0/, ""),
                    status: answer.statusCode ?? 0,
                    body,
                  });
            if (replaced !== undefined) {
              count++;
              text = JSON.stringify(replaced);
            }
            const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(text)) };
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(text);
          });
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/1.0`,
    rewritten: () => count,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
