// Request bodies are validated with zod; a refusal names every offending field, as the wire contract
// asks ("400 naming the field").
import type { z } from "zod";
import { errors } from "./errors.js";

/** Parses a JSON body (empty = `{}`, so that missing fields are named) against a schema. */
export function parseBody<S extends z.ZodType>(schema: S, raw: string): z.infer<S> {
  let value: unknown = {};
  if (raw.trim().length > 0) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw errors.badRequest("Invalid JSON in request body");
    }
  }
  return parseValue(schema, value);
}

/** Validates an already parsed value; a refusal is a 400 naming every offending field. */
export function parseValue<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => issue.path.map(String).join(".") || "(body)");
  const described = result.error.issues
    .map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`)
    .join("; ");
  throw errors.badRequest(`Invalid parameter ${described}`, { fields });
}

/** A required integer from the path (ids are `long` in the API); anything else is a missing object. */
export function pathId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}
