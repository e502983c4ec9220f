// Which order lines are a tenant's plan, when OVHcloud's schema lets the extension say nothing (nulls).
import { describe, expect, it } from "vitest";
import { planLines } from "../../provider/csp2/order-lines.js";
import type { OrderLine } from "../../provider/csp2/types.js";
import { OrderDetail, OrderDetailExtension } from "../../provider/ovh/models/index.js";
import { billingOrderDetail, itemDetailAllNull } from "../ovh/answers.js";

function line(id: number, extension: { type: string | null; code: string | null } | null): OrderLine {
  const all = itemDetailAllNull([]);
  return {
    detail: OrderDetail.parse(billingOrderDetail(id, `csp2-${id}`)),
    extension:
      extension === null
        ? null
        : OrderDetailExtension.parse({
            order: { ...all.order, type: extension.type, plan: { ...all.order.plan, code: extension.code } },
          }),
  };
}
const ids = (lines: OrderLine[]) => lines.map((l) => l.detail.orderDetailId);

describe("planLines", () => {
  it("takes the lines that say they are a plan, before lines that say nothing", () => {
    const lines = [
      line(1, { type: "plan", code: "csp2" }),
      line(2, { type: null, code: null }),
      line(3, null),
    ];
    expect(ids(planLines(lines))).toEqual([1]);
    expect(ids(planLines(lines, "csp2"))).toEqual([1]);
  });

  it("falls back to lines whose type or plan code is null, never to a product or another plan", () => {
    const lines = [
      line(1, { type: null, code: null }),
      line(2, { type: "product", code: null }),
      line(3, { type: null, code: "other-plan" }),
      line(4, null),
    ];
    expect(ids(planLines(lines))).toEqual([1, 3]);
    expect(ids(planLines(lines, "csp2"))).toEqual([1]);
  });
});
