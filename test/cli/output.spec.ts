// The CLI's large outputs: JSON written in pieces must be exactly JSON.stringify's text, and the pieces
// must wait for a full stream to drain rather than pile up in memory.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { writeAll } from "../../provider/cli/lib/io.js";
import { jsonChunks } from "../../provider/cli/render/formats.js";

describe("jsonChunks", () => {
  it("yields exactly JSON.stringify(value, null, 2), leaving out what JSON leaves out", () => {
    const value = {
      generatedAt: new Date("2026-12-05T10:00:00Z"),
      skipped: undefined,
      fn: () => 1,
      accounts: [
        { name: "a", tenants: [{ id: 1, subs: [{ q: 1, none: null, gone: undefined }] }], empty: [] },
        { name: "b", tenants: [], nested: { deep: { deeper: [1, [2, { x: "y" }]] } } },
      ],
      list: [undefined, 2],
    };
    for (const depth of [0, 1, 2, 4, 8]) {
      expect([...jsonChunks(value, depth)].join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    }
  });
});

describe("writeAll", () => {
  it("waits for drain when the stream's buffer is full, and writes everything in order", async () => {
    const received: string[] = [];
    let waits = 0;
    let mostQueued = 0;
    const slow = new Writable({
      highWaterMark: 8,
      write(chunk: Buffer, _enc, done) {
        received.push(chunk.toString());
        setTimeout(done, 1);
      },
    });
    const stream = {
      write: (c: string) => {
        const ok = slow.write(c);
        mostQueued = Math.max(mostQueued, slow.writableLength);
        if (!ok) waits++;
        return ok;
      },
      once: (event: "drain", listener: () => void) => slow.once(event, listener),
    };
    const chunks = Array.from({ length: 20 }, (_, i) => `chunk-${i};`);
    await writeAll(stream, chunks);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(received.join("")).toBe(chunks.join(""));
    expect(waits).toBeGreaterThan(0);
    // Never more than one chunk beyond the high-water mark queued: without waiting, all 20 would be.
    expect(mostQueued).toBeLessThanOrEqual(8 + "chunk-19;".length);
  });

  it("writes to a plain sink without drain events", async () => {
    let out = "";
    await writeAll({ write: (c: string) => (out += c) }, ["a", "b"]);
    expect(out).toBe("ab");
  });
});
