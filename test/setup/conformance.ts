// Every emulator answer during the test suite is validated against OVHcloud's published schema
// (emulator/control/conformance.ts): the vitest config sets O365R_EMULATOR_CONFORMANCE=strict, which
// emulators started in this process and child processes (`o365r emulator`) inherit. A violating answer
// becomes a 500 that names the route, the JSON path and the rule; and here, a test during which an
// in-process emulator recorded one fails, whatever the test itself asserted.
import { afterEach } from "vitest";
import { failOnConformanceViolations } from "./conformance-check.js";

afterEach(failOnConformanceViolations);
