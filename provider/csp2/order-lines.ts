// Which lines of an order are a tenant's plan. OVHcloud's schema lets every field of a detail's extension
// be null (`order.type`, `plan.code`, `plan.product.name`, …), and an order is read after it was paid:
// a null there must never turn a paid order into "not a tenant order". So a line is taken on its
// strongest evidence: first the lines that say `type: "plan"` (and carry the plan code, when one is
// asked for); only when there are none, the lines that do not say otherwise (type or plan code null).
// A line that says `type: "product"`, or names another plan code, is never taken.
import type { OrderLine } from "./types.js";

export function planLines(lines: readonly OrderLine[], planCode?: string): OrderLine[] {
  const withExtension = lines.filter((l) => l.extension !== null && l.extension.order.type !== "product");
  const codeFits = (l: OrderLine, unknownFits: boolean) => {
    const code = l.extension?.order.plan.code ?? null;
    return planCode === undefined || code === planCode || (unknownFits && code === null);
  };
  const sure = withExtension.filter((l) => l.extension?.order.type === "plan" && codeFits(l, false));
  if (sure.length > 0) return sure;
  return withExtension.filter((l) => codeFits(l, true));
}
