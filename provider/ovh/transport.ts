// The one module that touches the network. Everything else reaches HTTP through the `Transport`
// function type, so tests can pass a fake and the pipeline stays free of I/O details.
import { Agent, type Dispatcher, request } from "undici";

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Per attempt: no headers within this time, or a body stalled for this long, fails the attempt. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface TransportResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

export interface UndiciTransportOptions {
  /** An undici dispatcher to use instead of the transport's own keep-alive Agent (not closed by us). */
  dispatcher?: Dispatcher | undefined;
  /** Connections kept per origin by the transport's own Agent. */
  connections: number;
  connectTimeoutMs: number;
}

/** An undici transport with keep-alive connections. `close()` closes its own Agent only. */
export function createUndiciTransport(options: UndiciTransportOptions): {
  send: Transport;
  close: () => Promise<void>;
} {
  const own = options.dispatcher
    ? undefined
    : new Agent({
        connections: options.connections,
        connect: { timeout: options.connectTimeoutMs },
        keepAliveTimeout: 10_000,
        // Do not reuse a socket the server is about to close: that would fail a POST we never repeat.
        keepAliveTimeoutThreshold: 2_000,
      });
  const dispatcher: Dispatcher = options.dispatcher ?? own!;
  const send: Transport = async (req) => {
    const response = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      dispatcher,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal: req.signal,
    });
    const text = await response.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
    }
    return { status: response.statusCode, headers, text };
  };
  return {
    send,
    close: async () => {
      await own?.close();
    },
  };
}
