export * from "./csp2.js";
export * from "./me.js";
export * from "./order.js";
export * from "./services.js";
