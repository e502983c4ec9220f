// The resource core's port is satisfied by Csp2Api as is: checked by the compiler (tsc), run as a test.
import { describe, expect, it } from "vitest";
import type { Csp2Api } from "../../provider/csp2/index.js";
import type { Csp2Port } from "../../provider/resources/port.js";

describe("Csp2Api", () => {
  it("satisfies the resource core's Csp2Port without an adapter", () => {
    const assign = (api: Csp2Api): Csp2Port => api;
    expect(typeof assign).toBe("function");
  });
});
