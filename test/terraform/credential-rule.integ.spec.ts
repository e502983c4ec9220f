// The credential rule (test/support/credential-table.ts) through the Terraform provider process over
// the plugin protocol: ConfigureProvider with the provider arguments, then ReadDataSource, as OpenTofu
// drives them, against the emulator (test/support/credential-front-ends.ts).
import { credentialRuleSuite } from "../support/credential-suite.js";

credentialRuleSuite("terraform");
