// The credential rule (test/support/credential-table.ts) through the CLI's account connection: the
// `default` account of OVH_* and ovh.conf (no accounts file), asked who it is, against the emulator
// (test/support/credential-front-ends.ts).
import { credentialRuleSuite } from "../support/credential-suite.js";

credentialRuleSuite("cli");
