// What the test suite does after each test (test/setup/conformance.ts): fail when an emulator of this
// process answered outside OVHcloud's published schema, naming every violation.
import { takeConformanceViolations } from "../../emulator/control/conformance.js";

export function failOnConformanceViolations(): void {
  const found = takeConformanceViolations();
  if (found.length > 0) {
    throw new Error(
      `The emulator broke OVHcloud's published schema ${found.length} time(s) during this test:\n` +
        found.map((v) => `- ${v.message}`).join("\n"),
    );
  }
}
