// `/saas/csp2/{s}/task`: every task of the tenant (finished ones too, so a client that lost an
// answer can still find what its call started).
import { pathId } from "../http/body.js";
import { type Route, tenantOf } from "../http/context.js";
import { errors } from "../http/errors.js";
import { listReply } from "../http/pagination.js";
import { taskView } from "../views.js";

export const taskRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/task",
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const ids = Object.values(tenant.tasks)
        .map((t) => t.id)
        .sort((a, b) => a - b);
      return listReply(ctx, ids, (id) => taskView(tenant.tasks[id]!));
    },
  },
  {
    method: "GET",
    pattern: "/saas/csp2/:serviceName/task/:id",
    auth: "required",
    handler: (ctx, p) => {
      const tenant = tenantOf(ctx, p.serviceName);
      const task = tenant.tasks[pathId(p.id) ?? -1];
      if (!task) throw errors.objectNotFound("id", p.id ?? "");
      return { body: taskView(task) };
    },
  },
];
