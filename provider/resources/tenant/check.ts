// Validation and normalisation of tenant inputs, before any API call. Unknown values (preview/plan)
// pass through unchecked and are checked once known.
import { asRecord, Checker, unknownInputs } from "../checking.js";
import { type CheckResult, isUnknown } from "../plan.js";
import * as rules from "../validate.js";
import { checkLicences } from "./licences.js";
import { CONTACT_FIELDS, type TenantInputs, tenantFields } from "./schema.js";

const INPUTS = tenantFields.filter((f) => f.role === "input").map((f) => f.name);
const OUTPUTS = tenantFields.filter((f) => f.role === "output").map((f) => f.name);

const contactRules: Record<(typeof CONTACT_FIELDS)[number], rules.Rule<string>> = {
  firstName: rules.nonEmptyString(100),
  lastName: rules.nonEmptyString(100),
  email: rules.email,
  phone: rules.phone,
  address: rules.nonEmptyString(255),
  city: rules.nonEmptyString(100),
  zipCode: rules.zipCode,
};

/** Checks and normalises tenant inputs; every bad field is reported with its path, value and rule. */
export function checkTenant(news: unknown): CheckResult<TenantInputs> {
  const c = new Checker();
  const n = asRecord(c, "(inputs)", news);
  unknownInputs(c, n, INPUTS, OUTPUTS, "tenant");
  const contactUnknown = isUnknown(n.contact);
  const contactIn = contactUnknown ? {} : asRecord(c, "contact", n.contact);
  if (n.contact === undefined || n.contact === null) c.fail("contact", undefined, "is required");
  const contact: Record<string, unknown> = {};
  for (const f of contactUnknown ? [] : CONTACT_FIELDS) {
    contact[f] = c.required(`contact.${f}`, contactIn[f], contactRules[f]);
  }
  for (const key of Object.keys(contactIn)) {
    if (!(CONTACT_FIELDS as readonly string[]).includes(key)) {
      c.fail(
        `contact.${key}`,
        contactIn[key],
        `is not a contact field (known: ${CONTACT_FIELDS.join(", ")})`,
      );
    }
  }
  const inputs = {
    displayName: c.required("displayName", n.displayName, rules.nonEmptyString(255)),
    mpnId: c.required("mpnId", n.mpnId, rules.mpnId),
    contact: contactUnknown ? n.contact : contact,
    subdomain: c.optional("subdomain", n.subdomain, rules.subdomain),
    licenses: checkLicences(c, n.licenses),
    allowReplacement: c.optional("allowReplacement", n.allowReplacement, rules.optionalBoolean),
    allowTermination: c.optional("allowTermination", n.allowTermination, rules.optionalBoolean),
    adoptServiceName: c.optional("adoptServiceName", n.adoptServiceName, rules.serviceName),
    timeouts: c.timeouts("timeouts", n.timeouts),
  };
  if (c.failures.length > 0) return { failures: c.failures };
  // Drop absent optionals so that the normalised inputs hold only what the user set.
  const clean = Object.fromEntries(Object.entries(inputs).filter(([, v]) => v !== undefined));
  return { inputs: clean as TenantInputs, failures: [] };
}
