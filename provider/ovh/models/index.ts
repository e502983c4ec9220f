// The models of the API's objects: generated from OVHcloud's schema (generated/), named for the code here.
export * from "./csp2.js";
export * from "./me.js";
export { collectUnknownEnumValues, isKnown, type OpenEnum, type UnknownEnumValue } from "./open-enum.js";
export * from "./order.js";
export * from "./services.js";
