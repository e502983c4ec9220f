// One client per account, through the core's client factory (signing, limits and retries live there;
// the rate limiter is shared per credential in-process, so accounts scanned side by side each keep
// within their own limits).
import { type Csp2Api, createCsp2Api } from "../../csp2/index.js";
import { createOvhClient, type OvhClient } from "../../ovh/index.js";
import { type AccountSpec, resolveAccount } from "./accounts.js";
import type { CliIo } from "./io.js";

export interface Connection {
  spec: AccountSpec;
  client: OvhClient;
  api: Csp2Api;
}

/** Test seam: how handlers build a Csp2Api over a client (tests shorten task polling). */
export type ApiFactory = (client: OvhClient) => Csp2Api;

export function connect(spec: AccountSpec, io: CliIo, makeApi: ApiFactory = createCsp2Api): Connection {
  const config = resolveAccount(spec, io);
  const client = createOvhClient({ config, env: io.env });
  return { spec, client, api: makeApi(client) };
}

/** Runs `fn` with a connection and always closes the client. */
export async function withConnection<T>(
  spec: AccountSpec,
  io: CliIo,
  fn: (connection: Connection) => Promise<T>,
  makeApi?: ApiFactory,
): Promise<T> {
  const connection = connect(spec, io, makeApi);
  try {
    return await fn(connection);
  } finally {
    await connection.client.close();
  }
}
