// The descriptors the provider loads at start-up (proto/descriptors.json) are those of the .proto
// files: regenerate with `npm run proto:generate` after changing a .proto file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateDescriptors } from "../../provider/terraform/proto-descriptors.js";
import { DESCRIPTORS_FILE } from "../../provider/terraform/proto-names.js";
import { loadServices, protoDir } from "../../provider/terraform/protocol.js";

describe("protocol definitions", () => {
  it("proto/descriptors.json matches the .proto files", async () => {
    const committed = readFileSync(join(protoDir(), DESCRIPTORS_FILE), "utf8");
    expect(committed).toBe(await generateDescriptors(protoDir()));
  });

  it("serves every tfplugin6 Provider method, with messages in the provider's shapes", () => {
    const { provider } = loadServices();
    expect(Object.keys(provider)).toEqual(
      expect.arrayContaining([
        "GetProviderSchema",
        "PlanResourceChange",
        "ApplyResourceChange",
        "StopProvider",
      ]),
    );
    const plan = provider.PlanResourceChange!;
    expect(plan.path).toBe("/tfplugin6.Provider/PlanResourceChange");
    const request = {
      type_name: "o365reseller_tenant",
      prior_state: { msgpack: Buffer.from([0xc0]), json: Buffer.alloc(0) },
    };
    const decoded = plan.requestDeserialize(plan.requestSerialize(request as never)) as Record<
      string,
      unknown
    >;
    expect(decoded.type_name).toBe("o365reseller_tenant");
    expect(Buffer.isBuffer((decoded.prior_state as { msgpack: Buffer }).msgpack)).toBe(true);
    // Absent fields come as defaults, as the handlers expect.
    expect(decoded.provider_meta).toBeNull();
    expect(decoded.config).toBeNull();
  });
});
