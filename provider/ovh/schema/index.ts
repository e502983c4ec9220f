// OVHcloud's published v1 schema (data) and what reads it: the route catalogue and the strict validator.
export {
  findOperation,
  itemOperation,
  modelOf,
  type OperationMatch,
  SCHEMA_FILES,
  type SchemaFileEntry,
} from "./catalog.js";
export {
  type AnswerCheck,
  type AnswerFacts,
  checkAnswer,
  checkRequestBody,
  checkValue,
  type Violation,
  type ViolationKind,
} from "./conformance.js";
export { formatType, parseType, type TypeExpr } from "./type-expr.js";
export type * from "./types.js";
