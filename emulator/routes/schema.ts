// OVHcloud's published schema files, served where OVHcloud serves them (`GET /1.0/saas/csp2.json`, …),
// without authentication, as OVHcloud does: the files this emulator's answers are validated against.
import { SCHEMA_FILES } from "../../provider/ovh/schema/index.js";
import type { Route } from "../http/context.js";

export const schemaRoutes: Route[] = SCHEMA_FILES.map((file) => ({
  method: "GET",
  pattern: file.servedAt,
  auth: "none",
  handler: () => ({ body: file.schema }),
}));
