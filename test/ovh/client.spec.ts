// The request pipeline end to end over a scripted transport: signing, clock skew, retries, limits,
// OAuth2, listing, errors and logs. No network, no real time.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createOvhClient,
  NoContent,
  OvhApiError,
  type OvhClientOptions,
  OvhNetworkError,
  OvhResponseShapeError,
  OvhTimeoutError,
  signature,
  type TransportRequest,
} from "../../provider/ovh/index.js";
import { type FakeTransport, fakeTransport, json, manualClock, netError, SECRETS } from "./fake.js";

const SERVER_TIME = 1_700_000_000;
const LOCAL_START = (SERVER_TIME + 100) * 1000; // local clock 100 s ahead of OVHcloud

function setup(over: Partial<OvhClientOptions> = {}) {
  const fake = fakeTransport(SERVER_TIME);
  const clock = manualClock(LOCAL_START);
  const lines: string[] = [];
  const client = createOvhClient({
    endpoint: "ovh-eu",
    applicationKey: SECRETS.applicationKey,
    applicationSecret: SECRETS.applicationSecret,
    consumerKey: `${SECRETS.consumerKey}-${Math.random()}`, // own limiter per test
    env: {},
    configFiles: [],
    transport: fake.send,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    log: (line) => lines.push(line),
    ...over,
  });
  return { client, fake, clock, lines };
}

function apiCalls(fake: FakeTransport, path?: string) {
  return fake.requests.filter(
    (r) => !r.url.endsWith("/auth/time") && (!path || new URL(r.url).pathname.endsWith(path)),
  );
}

function expectValidSignature(req: TransportRequest, consumerKey: string) {
  const ts = Number(req.headers["X-Ovh-Timestamp"]);
  expect(req.headers["X-Ovh-Signature"]).toBe(
    signature({
      applicationSecret: SECRETS.applicationSecret,
      consumerKey,
      method: req.method,
      url: req.url,
      body: req.body ?? "",
      timestamp: ts,
    }),
  );
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("signed requests", () => {
  it("signs with the server's clock (learnt once from /auth/time) and sends JSON", async () => {
    const { client, fake } = setup();
    fake.on("GET /me", json(200, { nichandle: "ab1-ovh", ovhSubsidiary: "FR" }));
    fake.on("POST /saas/csp2/s1/subscription", json(200, { ok: true }));
    await client.get("/me", { schema: z.object({ nichandle: z.string() }) });
    await client.post("/saas/csp2/s1/subscription", {
      body: { licenseId: 1, quantity: 2 },
      schema: z.unknown(),
    });
    expect(fake.requests.filter((r) => r.url.endsWith("/auth/time"))).toHaveLength(1);
    const [get, post] = apiCalls(fake);
    const ck = get!.headers["X-Ovh-Consumer"]!;
    expect(get!.url).toBe("https://eu.api.ovh.com/1.0/me");
    expect(get!.headers["X-Ovh-Application"]).toBe(SECRETS.applicationKey);
    expect(get!.headers["X-Ovh-Timestamp"]).toBe(String(SERVER_TIME));
    expectValidSignature(get!, ck);
    expect(post!.body).toBe('{"licenseId":1,"quantity":2}');
    expect(post!.headers["Content-Type"]).toBe("application/json");
    expectValidSignature(post!, ck);
  });

  it("answers NoContent routes with undefined", async () => {
    const { client, fake } = setup();
    fake.on("PUT /saas/csp2/s1", { status: 204, headers: {}, text: "" });
    await expect(client.put("/saas/csp2/s1", { body: { a: 1 }, schema: NoContent })).resolves.toBeUndefined();
  });
});

describe("retries", () => {
  it("retries a GET on 5xx with backoff, signing every attempt afresh", async () => {
    const { client, fake, clock } = setup();
    fake.on("GET /x", json(503, { message: "busy" }), json(500, { message: "oops" }), json(200, [1]));
    await expect(client.get("/x", { schema: z.array(z.number()) })).resolves.toEqual([1]);
    const attempts = apiCalls(fake);
    expect(attempts).toHaveLength(3);
    // full jitter with random() = 0.5: 250 ms then 500 ms (base 500 ms)
    expect(clock.sleeps).toEqual([250, 500]);
    for (const r of attempts) expectValidSignature(r, r.headers["X-Ovh-Consumer"]!);
  });

  it("re-signs with a fresh timestamp when time has passed between attempts", async () => {
    const { client, fake } = setup({ baseDelayMs: 4_000 });
    fake.on("DELETE /x", json(502, { message: "bad gateway" }), json(200, null));
    await client.delete("/x", { schema: NoContent });
    const [first, second] = apiCalls(fake);
    expect(Number(second!.headers["X-Ovh-Timestamp"])).toBe(Number(first!.headers["X-Ovh-Timestamp"]) + 2);
    expectValidSignature(second!, second!.headers["X-Ovh-Consumer"]!);
  });

  it("honours Retry-After on 429", async () => {
    const { client, fake, clock } = setup();
    fake.on(
      "PUT /x",
      json(429, { class: "Client::TooManyRequests", message: "slow down" }, { "retry-after": "3" }),
      json(200, null),
    );
    await client.put("/x", { body: {}, schema: NoContent });
    expect(clock.sleeps).toEqual([3_250]);
  });

  it("rides out connection resets on GET", async () => {
    const { client, fake } = setup();
    fake.on("GET /x", netError("ECONNRESET"), netError("UND_ERR_SOCKET"), json(200, "ok"));
    await expect(client.get("/x", { schema: z.string() })).resolves.toBe("ok");
  });

  it("never repeats a POST hit by a 5xx, and says it may have been applied", async () => {
    const { client, fake } = setup();
    fake.on("POST /saas/csp2/s1/subscription", json(503, { message: "upstream" }), json(200, {}));
    const error = await caught(client.post("/saas/csp2/s1/subscription", { body: {}, schema: z.unknown() }));
    expect(error).toBeInstanceOf(OvhApiError);
    const api = error as OvhApiError;
    expect(api).toMatchObject({
      status: 503,
      attempts: 1,
      retryable: true,
      mayHaveApplied: true,
      method: "POST",
    });
    expect(api.message).toMatch(/not repeated automatically because it may have been applied/);
    expect(apiCalls(fake)).toHaveLength(1);
  });

  it("never repeats a POST hit by a dropped connection; keeps the cause", async () => {
    const { client, fake } = setup();
    const drop = netError("ECONNRESET");
    fake.on("POST /x", drop);
    const error = await caught(client.post("/x", { body: {}, schema: z.unknown() }));
    expect(error).toBeInstanceOf(OvhNetworkError);
    expect(error.cause).toBe(drop);
    expect((error as OvhNetworkError).mayHaveApplied).toBe(true);
    expect(apiCalls(fake)).toHaveLength(1);
  });

  it("fails clearly when the retry budget is used up", async () => {
    const { client, fake } = setup({ maxAttempts: 3 });
    fake.on("GET /x", json(503, { class: "Server::ServiceUnavailable", message: "maintenance" }));
    const error = await caught(client.get("/x", { schema: z.unknown() }));
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error.message).toMatch(
      /GET \/x failed with 503 Server::ServiceUnavailable: maintenance\..*gave up after 3 attempts: retry budget of 3 attempts used.*query id FAKE\.503/,
    );
    expect(apiCalls(fake)).toHaveLength(3);
  });

  it("reports a timeout as OvhTimeoutError with the limit", async () => {
    const { client, fake } = setup({ maxAttempts: 2, timeoutMs: 1_234 });
    fake.on("GET /x", netError("UND_ERR_HEADERS_TIMEOUT"));
    const error = await caught(client.get("/x", { schema: z.unknown() }));
    expect(error).toBeInstanceOf(OvhTimeoutError);
    expect(error.message).toMatch(/no answer within 1234 ms.*gave up after 2 attempts/);
  });

  it("re-reads /auth/time after QUERY_TIME_OUT and repeats that request once, even a POST", async () => {
    const { client, fake } = setup();
    let serverTime = SERVER_TIME;
    fake.on("GET /auth/time", () => json(200, serverTime));
    fake.on(
      "POST /x",
      () => {
        serverTime += 500; // the server's clock jumped: our offset is stale
        return json(400, {
          errorCode: "QUERY_TIME_OUT",
          httpCode: "400 Bad Request",
          message: "Query out of time",
        });
      },
      json(200, { done: true }),
    );
    await expect(client.post("/x", { body: {}, schema: z.object({ done: z.boolean() }) })).resolves.toEqual({
      done: true,
    });
    const posts = apiCalls(fake, "/x");
    expect(posts).toHaveLength(2);
    expect(Number(posts[1]!.headers["X-Ovh-Timestamp"]) - Number(posts[0]!.headers["X-Ovh-Timestamp"])).toBe(
      500,
    );
    expect(fake.requests.filter((r) => r.url.endsWith("/auth/time"))).toHaveLength(2);
  });

  it("gives up on a second QUERY_TIME_OUT with advice about the clock", async () => {
    const { client, fake } = setup();
    fake.on("GET /x", json(400, { errorCode: "QUERY_TIME_OUT", message: "Query out of time" }));
    const error = await caught(client.get("/x", { schema: z.unknown() }));
    expect(error.message).toMatch(/QUERY_TIME_OUT.*check this machine's clock/);
    expect(apiCalls(fake)).toHaveLength(2);
  });
});

describe("errors and logs never carry a secret", () => {
  it("redacts secrets the server echoes, in messages and debug lines", async () => {
    const { client, fake, lines } = setup({ consumerKey: SECRETS.consumerKey });
    fake.on(
      "GET /x",
      json(403, {
        errorCode: "INVALID_CREDENTIAL",
        message: `This credential is not valid: ${SECRETS.consumerKey} / ${SECRETS.applicationSecret}`,
      }),
    );
    const error = (await caught(client.get("/x", { schema: z.unknown() }))) as OvhApiError;
    expect(error.message).toMatch(/403 INVALID_CREDENTIAL.*not validated yet/);
    const everything = [
      error.message,
      error.serverMessage,
      String(error.stack),
      JSON.stringify(error),
      ...lines,
    ].join("\n");
    expect(everything).not.toContain(SECRETS.consumerKey);
    expect(everything).not.toContain(SECRETS.applicationSecret);
    expect(error.serverMessage).toContain("***");
  });

  it("writes one debug line per attempt: method, path, status, duration, attempt, query id", async () => {
    const { client, fake, lines } = setup();
    fake.on("GET /me", json(500, { message: "x" }), json(200, {}));
    await client.get("/me", { schema: z.unknown() });
    expect(lines.filter((l) => l.startsWith("GET /me ->"))).toEqual([
      "GET /me -> 500 in 0 ms (attempt 1, query id FAKE.500)",
      "GET /me -> 200 in 0 ms (attempt 2, query id FAKE.200)",
    ]);
    expect(lines.some((l) => /retrying in 250 ms \(server error 500\)/.test(l))).toBe(true);
  });

  it("names the route and the failing paths of a malformed answer, never the values", async () => {
    const { client, fake } = setup();
    fake.on("GET /saas/csp2/s1/subscription/7", json(200, { id: 7, quantity: SECRETS.applicationSecret }));
    const error = await caught(
      client.get("/saas/csp2/s1/subscription/7", {
        schema: z.object({ id: z.number(), quantity: z.number() }),
      }),
    );
    expect(error).toBeInstanceOf(OvhResponseShapeError);
    expect(error.message).toMatch(
      /GET \/saas\/csp2\/s1\/subscription\/7 did not match the expected model at quantity \(invalid_type: expected number\)/,
    );
    expect(error.message).not.toContain(SECRETS.applicationSecret);
  });

  it("refuses requests after close", async () => {
    const { client } = setup();
    await client.close();
    await expect(client.get("/me", { schema: z.unknown() })).rejects.toThrow(/was closed/);
  });
});

describe("OAuth2", () => {
  function oauthSetup() {
    const fake = fakeTransport(SERVER_TIME);
    const clock = manualClock(LOCAL_START);
    const lines: string[] = [];
    let issued = 0;
    fake.on("POST /auth/oauth2/token", () =>
      json(200, {
        access_token: `TOKEN-secret-${++issued}`,
        token_type: "Bearer",
        expires_in: 3600,
        scope: "all",
      }),
    );
    const client = createOvhClient({
      endpoint: "http://127.0.0.1:9/1.0",
      clientId: `${SECRETS.clientId}-${Math.random()}`,
      clientSecret: SECRETS.clientSecret,
      env: {},
      configFiles: [],
      transport: fake.send,
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      log: (line) => lines.push(line),
    });
    return { client, fake, clock, lines };
  }
  const tokenCalls = (fake: FakeTransport) =>
    fake.requests.filter((r) => r.url.endsWith("/auth/oauth2/token"));

  it("fetches a token with client credentials, caches it, and renews it a minute before expiry", async () => {
    const { client, fake, clock } = oauthSetup();
    fake.on("GET /me", json(200, {}));
    await client.get("/me", { schema: z.unknown() });
    await client.get("/me", { schema: z.unknown() });
    expect(tokenCalls(fake)).toHaveLength(1);
    const [token] = tokenCalls(fake);
    expect(token!.url).toBe("http://127.0.0.1:9/auth/oauth2/token");
    expect(token!.headers["Content-Type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(token!.body))).toMatchObject({
      grant_type: "client_credentials",
      client_secret: SECRETS.clientSecret,
      scope: "all",
    });
    expect(apiCalls(fake, "/me")[0]!.headers.Authorization).toBe("Bearer TOKEN-secret-1");
    expect(fake.requests.some((r) => r.url.endsWith("/auth/time"))).toBe(false);
    clock.advance(3_540_000); // 59 min: inside the renewal margin
    await client.get("/me", { schema: z.unknown() });
    expect(tokenCalls(fake)).toHaveLength(2);
    expect(apiCalls(fake, "/me").at(-1)!.headers.Authorization).toBe("Bearer TOKEN-secret-2");
  });

  it("renews a refused token once and repeats the request, even a POST", async () => {
    const { client, fake } = oauthSetup();
    fake.on(
      "POST /x",
      json(401, { class: "Client::Unauthorized", message: "Invalid or expired token" }),
      json(200, {}),
    );
    await client.post("/x", { body: {}, schema: z.unknown() });
    expect(tokenCalls(fake)).toHaveLength(2);
    expect(apiCalls(fake, "/x").map((r) => r.headers.Authorization)).toEqual([
      "Bearer TOKEN-secret-1",
      "Bearer TOKEN-secret-2",
    ]);
  });

  it("never shows the client secret or a token in errors and logs", async () => {
    const { client, fake, lines } = oauthSetup();
    fake.on(
      "GET /x",
      json(401, { class: "Client::Unauthorized", message: "token TOKEN-secret-2 is invalid" }),
    );
    const error = await caught(client.get("/x", { schema: z.unknown() }));
    const text = [error.message, JSON.stringify(error), ...lines].join("\n");
    expect(text).not.toMatch(/TOKEN-secret-\d/);
    expect(text).not.toContain(SECRETS.clientSecret);
  });

  it("explains a refused service account", async () => {
    const { client, fake } = oauthSetup();
    fake.on(
      "POST /auth/oauth2/token",
      json(401, { error: "invalid_client", error_description: "Client authentication failed" }),
    );
    const error = await caught(client.get("/x", { schema: z.unknown() }));
    expect(error).toBeInstanceOf(OvhApiError);
    expect(error.message).toMatch(
      /401 invalid_client: Client authentication failed\. .*OVH_CLIENT_ID and OVH_CLIENT_SECRET/,
    );
  });
});

describe("raw answers and the call count", () => {
  it("raw() answers the body unchecked with its headers; an error status still throws", async () => {
    const { client, fake } = setup();
    fake.on("GET /things", json(200, [{ odd: true }], { "x-pagination-elements": "1" }));
    fake.on("GET /gone", json(404, { class: "Client::NotFound", message: "gone" }));
    const answer = await client.raw("GET", "/things", { headers: { "X-Pagination-Size": "3" } });
    expect(answer).toMatchObject({ status: 200, json: [{ odd: true }] });
    expect(answer.headers["x-pagination-elements"]).toBe("1");
    expect(apiCalls(fake, "/things")[0]!.headers["X-Pagination-Size"]).toBe("3");
    await expect(client.raw("GET", "/gone")).rejects.toBeInstanceOf(OvhApiError);
  });

  it("counts every request sent: /auth/time and each retry included", async () => {
    const { client, fake } = setup();
    fake.on("GET /x", json(503, { class: "Server::ServiceUnavailable", message: "busy" }), json(200, {}));
    expect(client.calls).toBe(0);
    await client.get("/x", { schema: z.unknown() });
    expect(client.calls).toBe(3); // /auth/time, the 503, the retry
    expect(client.calls).toBe(fake.requests.length);
  });
});

describe("list (expanded listing)", () => {
  const Item = z.object({ id: z.number(), name: z.string() });

  it("asks for page 1, 2, … by X-Pagination-Number until it holds X-Pagination-Elements objects", async () => {
    const { client, fake } = setup({ pageSize: 2 });
    const all = [
      { id: 1, name: "a" },
      { id: 2, name: "b" },
      { id: 3, name: "c" },
    ];
    fake.on("GET /things", (req) => {
      expect(req.headers["X-Pagination-Mode"]).toBe("CachedObjectList-Pages");
      expect(req.headers["X-Pagination-Size"]).toBe("2");
      const number = Number(req.headers["X-Pagination-Number"]);
      return json(200, all.slice((number - 1) * 2, number * 2), {
        "x-pagination-elements": "3",
        "x-pagination-number": String(number),
        "x-pagination-size": "2",
      });
    });
    await expect(client.list("/things", Item)).resolves.toEqual(all);
    expect(apiCalls(fake).map((r) => r.headers["X-Pagination-Number"])).toEqual(["1", "2"]);
    expect(apiCalls(fake).some((r) => Object.keys(r.headers).some((h) => /cursor/i.test(h)))).toBe(false);
  });

  it("asks for pages of 5000 by default", async () => {
    const { client, fake } = setup();
    fake.on("GET /things", json(200, [{ id: 1, name: "a" }], { "x-pagination-elements": "1" }));
    await client.list("/things", Item);
    expect(apiCalls(fake)[0]!.headers["X-Pagination-Size"]).toBe("5000");
  });

  it("falls back to list-then-get with bounded concurrency when the route answers ids; skips vanished ids", async () => {
    const { client, fake } = setup({ listConcurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    fake.on("GET /things", json(200, [1, 2, 3, 4, 5]));
    for (const id of [1, 2, 3, 4, 5]) {
      fake.on(`GET /things/${id}`, async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return id === 4
          ? json(404, { class: "Client::NotFound", message: "gone" })
          : json(200, { id, name: `n${id}` });
      });
    }
    const items = await client.list("/things", Item);
    expect(items.map((i) => i.id)).toEqual([1, 2, 3, 5]);
    expect(peak).toBe(2);
  });

  it("names the item index of a malformed listing", async () => {
    const { client, fake } = setup();
    fake.on(
      "GET /things",
      json(200, [
        { id: 1, name: "a" },
        { id: "2", name: "b" },
      ]),
    );
    await expect(client.list("/things", Item)).rejects.toThrow(
      /at \[1\]\.id \(invalid_type: expected number\)/,
    );
  });
});
