// A small table router: patterns like `/saas/csp2/:serviceName/subscription/:id`, matched segment by
// segment. Routes carry their authentication mode so the pipeline authenticates before the handler.
export type AuthMode =
  /** Signed (or bearer) request required. */
  | "required"
  /** OVHcloud's noAuth routes: anonymous allowed, but a signed request is still verified. */
  | "optional"
  /** Never authenticated (`/auth/time`, `/auth/credential`). */
  | "none";

export interface Reply {
  status?: number;
  /** Serialised as JSON; `undefined` answers `null`, as OVHcloud does for void operations. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteDef<C> {
  method: string;
  pattern: string;
  auth: AuthMode;
  /** Answered whatever the consumer key's access rules (e.g. `/auth/currentCredential`). */
  alwaysGranted?: boolean;
  handler: (ctx: C, params: Record<string, string>) => Reply;
}

export interface Match<C> {
  route: RouteDef<C>;
  params: Record<string, string>;
}

export class Router<C> {
  private readonly routes: { def: RouteDef<C>; segments: string[] }[] = [];

  add(...defs: RouteDef<C>[]): this {
    for (const def of defs) this.routes.push({ def, segments: split(def.pattern) });
    return this;
  }

  match(method: string, path: string): Match<C> | null {
    const segments = split(path);
    for (const { def, segments: pattern } of this.routes) {
      if (def.method !== method) continue;
      const params = matchSegments(pattern, segments);
      if (params) return { route: def, params };
    }
    return null;
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith(":")) {
      let value: string;
      try {
        value = decodeURIComponent(s);
      } catch {
        return null;
      }
      params[p.slice(1)] = value;
    } else if (p !== s) {
      return null;
    }
  }
  return params;
}
