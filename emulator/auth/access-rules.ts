// Consumer-key access rules as OVHcloud applies them: a rule names a method and a path in which `*`
// stands for any characters, `/` included (`/saas/csp2/*` grants the whole tree below it).
import type { AccessRule } from "../core/state.js";

export const ALL_RULES: AccessRule[] = ["GET", "POST", "PUT", "DELETE"].map((method) => ({
  method,
  path: "/*",
}));

export function isGranted(rules: AccessRule[], method: string, path: string): boolean {
  return rules.some((rule) => rule.method.toUpperCase() === method && ruleRegExp(rule.path).test(path));
}

function ruleRegExp(path: string): RegExp {
  const escaped = path
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`);
}
