// The credential rule (test/support/credential-table.ts) through Pulumi's dynamic-provider host:
// Configure with the stack config, then Check of a subscription with the resource's `credentials`, as
// the engine drives them, against the emulator (test/support/credential-front-ends.ts).
import { credentialRuleSuite } from "../support/credential-suite.js";

credentialRuleSuite("pulumi");
