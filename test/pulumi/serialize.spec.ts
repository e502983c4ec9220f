// What Pulumi stores as `__provider`: the text `pulumi.runtime.serializeFunction` makes of the provider
// objects (what dynamic.Resource stores). It must capture the resource kind and the runtime's URL,
// nothing else: no module, no client, no secret, and the same text every time (a changed text would be
// an input change on every resource).
import { describe, expect, it } from "vitest";
import { providers } from "../../provider/pulumi/common.js";
import { runtimeUrl } from "../../provider/pulumi/serialized.js";
import { serializeProvider } from "./host.js";

describe("the serialized provider", () => {
  it("captures only the kind and the runtime module's URL", async () => {
    for (const kind of ["tenant", "subscription"] as const) {
      const text = await serializeProvider(providers[kind]);
      const captured = [...text.matchAll(/with\(\{ (.*?), this: undefined/g)].map((m) => m[1]);
      const values = new Set(captured.flatMap((c) => c!.split(/, (?=\w+: )/)));
      expect([...values].sort()).toEqual(
        [
          `kind: "${kind}"`,
          "load: __f2",
          "provider: __provider",
          `runtime: "${runtimeUrl(new URL("../../provider/pulumi/common.ts", import.meta.url).href)}"`,
        ].sort(),
      );
      expect(text).not.toMatch(/require\(|undici|zod|grpc/);
      expect(text.length).toBeLessThan(4_000);
    }
  });

  it("is the same text every time", async () => {
    const fresh = await import("../../provider/pulumi/serialized.js");
    const again = fresh.makeProvider(
      "tenant",
      runtimeUrl(new URL("../../provider/pulumi/common.ts", import.meta.url).href),
    );
    expect(await serializeProvider(again)).toBe(await serializeProvider(providers.tenant));
  });

  it("points at the compiled runtime beside a compiled module, and at the source beside a source one", () => {
    expect(runtimeUrl("file:///x/dist/provider/pulumi/common.js")).toBe(
      "file:///x/dist/provider/pulumi/runtime.js",
    );
    expect(runtimeUrl("file:///x/provider/pulumi/common.ts")).toBe("file:///x/provider/pulumi/runtime.ts");
  });
});
