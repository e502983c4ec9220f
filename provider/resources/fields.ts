// Field metadata: the one description of every input and output, from which the Terraform schema, the
// docs and the Pulumi classes are derived (never restated there).

export interface FieldMeta {
  /** camelCase name; nested fields sit in `fields`. Terraform front ends snake_case it. */
  name: string;
  /** `list`: a list of objects, each with `fields`. */
  type: "string" | "number" | "boolean" | "object" | "list";
  /** `input`: the user sets it; `output`: the provider reports it. */
  role: "input" | "output";
  /** Inputs only: must be given. */
  required: boolean;
  /** Set by the provider (every output). */
  computed: boolean;
  sensitive: boolean;
  /**
   * What changing the input does: `update` in place, `replace` (new object first), `guarded` (refused
   * unless allowReplacement, then replace), `state` (recorded only, no API call), `none` for outputs.
   */
  onChange: "update" | "replace" | "guarded" | "state" | "none";
  /** Also accepts a number (durations as seconds, ids as numbers); Terraform declares the string form. */
  acceptsNumber?: boolean;
  description: string;
  fields?: FieldMeta[];
}

export function input(
  name: string,
  type: FieldMeta["type"],
  onChange: FieldMeta["onChange"],
  description: string,
  extra: Partial<FieldMeta> = {},
): FieldMeta {
  return {
    name,
    type,
    role: "input",
    required: true,
    computed: false,
    sensitive: false,
    onChange,
    description,
    ...extra,
  };
}

export function optional(
  name: string,
  type: FieldMeta["type"],
  onChange: FieldMeta["onChange"],
  description: string,
  extra: Partial<FieldMeta> = {},
): FieldMeta {
  return input(name, type, onChange, description, { required: false, ...extra });
}

export function output(name: string, type: FieldMeta["type"], description: string): FieldMeta {
  return {
    name,
    type,
    role: "output",
    required: false,
    computed: true,
    sensitive: false,
    onChange: "none",
    description,
  };
}

export const timeoutsField = (defaults: { create: number; update: number; delete: number }): FieldMeta =>
  optional(
    "timeouts",
    "object",
    "state",
    'How long create, update and delete may wait for OVHcloud, as durations ("30m", "1h", "90s") or seconds.',
    {
      fields: (["create", "update", "delete"] as const).map((op) =>
        optional(op, "string", "state", `Timeout of ${op} (default ${defaults[op] / 60_000}m).`, {
          acceptsNumber: true,
        }),
      ),
    },
  );
