// Stand-in for `pulumi stack export` in run-local.sh, where no engine runs: writes the Pulumi stack
// export a program declaring every tenant and subscription of `o365r inventory --json` would have,
// reading each tenant's contact from the emulator's admin API (GET /_emulator/tenants/{serviceName}).
// Usage: node record-stack.mjs <inventory.json> <admin base URL> > stack.json
import { readFileSync } from "node:fs";

const [inventoryFile, adminUrl] = process.argv.slice(2);
if (!inventoryFile || !adminUrl) {
  process.stderr.write("usage: node record-stack.mjs <inventory.json> <admin base URL>\n");
  process.exit(2);
}
const inventory = JSON.parse(readFileSync(inventoryFile, "utf8"));
const stack = "urn:pulumi:prod::reseller-estate::pulumi:pulumi:Stack::reseller-estate-prod";
const urn = (type, name) =>
  `urn:pulumi:prod::reseller-estate::pulumi-nodejs:dynamic/o365reseller:${type}::${name}`;
const resources = [{ urn: stack, custom: false, type: "pulumi:pulumi:Stack" }];

for (const account of inventory.accounts) {
  for (const t of account.tenants) {
    const response = await fetch(`${adminUrl}/tenants/${t.serviceName}`);
    if (!response.ok) throw new Error(`admin GET /tenants/${t.serviceName}: ${response.status}`);
    const live = await response.json();
    const inputs = {
      displayName: live.displayName,
      mpnId: live.mpnId ?? "",
      contact: {
        firstName: live.firstName,
        lastName: live.lastName,
        email: live.email,
        phone: live.phone,
        address: live.address,
        city: live.city,
        zipCode: live.zipCode,
      },
    };
    resources.push({
      urn: urn("Tenant", t.serviceName),
      custom: true,
      id: t.serviceName,
      type: "pulumi-nodejs:dynamic/o365reseller:Tenant",
      inputs,
      outputs: {
        ...inputs,
        serviceName: t.serviceName,
        status: t.status,
        creationDate: t.creationDate,
        adminPortalUrl: "https://admin.microsoft.com",
        ovhAccount: account.nic,
        schemaVersion: 1,
      },
      parent: stack,
    });
    for (const s of t.subscriptions) {
      const subInputs = { tenant: t.serviceName, license: s.licenseName, quantity: s.quantity };
      resources.push({
        urn: urn("Subscription", `${t.serviceName}-${s.subscriptionId}`),
        custom: true,
        id: `${t.serviceName}/${s.subscriptionId}`,
        type: "pulumi-nodejs:dynamic/o365reseller:Subscription",
        inputs: subInputs,
        outputs: {
          ...subInputs,
          subscriptionId: s.subscriptionId,
          licenseId: s.licenseId,
          licenseName: s.licenseName,
          status: s.status,
          creationDate: s.creationDate,
          lastUpdate: s.lastUpdate,
          ovhAccount: account.nic,
          schemaVersion: 1,
        },
        parent: stack,
      });
    }
  }
}
process.stdout.write(
  `${JSON.stringify({ version: 3, deployment: { manifest: { time: new Date().toISOString(), magic: "", version: "local" }, resources } }, null, 2)}\n`,
);
