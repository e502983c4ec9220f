// The scripted answers of test/ovh/answers.ts are what OVHcloud's schema describes: checked by the same
// validator the emulator is held to.
import { describe, expect, it } from "vitest";
import { checkAnswer } from "../../provider/ovh/schema/index.js";
import * as A from "./answers.js";

describe("scripted answers", () => {
  it("each conforms to the schema of its route", () => {
    const cases: Array<[string, unknown]> = [
      ["/me", A.nichandle()],
      ["/order/cart/c1/csp2", [A.productDefinition()]],
      ["/order/cart/c1/item/9", A.cartItem("c1", 9)],
      ["/me/order/5", A.billingOrder(5)],
      ["/me/order/5/details/6", A.billingOrderDetail(6, "csp2-0a1b2c3d")],
      ["/me/order/5/details/6/extension", A.itemDetailAllNull([{ label: "mpnId", value: "1234567" }])],
    ];
    for (const [path, body] of cases) {
      expect(checkAnswer({ method: "GET", path, status: 200, body }).violations, path).toEqual([]);
    }
  });
});
