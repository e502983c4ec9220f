// A short guided tour of the API client against the embedded emulator: what `npm start` shows on a
// machine without the Pulumi engine (run it alone with `npx tsx scripts/tour.ts`).
// It starts the emulator with a demo reseller account, then does what a reseller does in the
// control panel — list tenants, order one, add a subscription, change its seats, cancel it — through
// the same client and typed operations the providers use, printing each step.

import { pathToFileURL } from "node:url";
import { startEmulator } from "../emulator/index.js";
import { createCsp2Api } from "../provider/csp2/index.js";
import { createOvhClient } from "../provider/ovh/index.js";
import { tenant } from "../provider/resources/index.js";

const step = (text: string) => process.stdout.write(`\n▸ ${text}\n`);
const line = (text: string) => process.stdout.write(`  ${text}\n`);

export async function tour(): Promise<void> {
  // Tasks and order steps take one virtual second each so the tour finishes in seconds.
  const emulator = await startEmulator({ demo: true, taskSeconds: 1 });
  const demo = emulator.demo!;
  const client = createOvhClient({
    endpoint: emulator.url,
    applicationKey: demo.applicationKey,
    applicationSecret: demo.applicationSecret,
    consumerKey: demo.consumerKey,
    // Only the demo's credentials: no OVH_* variable or ovh.conf of the user's may leak in.
    env: {},
    configFiles: [],
  });
  const api = createCsp2Api(client);
  try {
    step(`OVH API emulator serving ${emulator.url}`);
    const me = await api.whoAmI();
    line(`signed in as reseller account ${me.nic} (subsidiary ${me.subsidiary})`);

    step("Tenants of the account");
    for (const tenant of await api.listTenants()) {
      line(`${tenant.serviceName}  ${tenant.displayName}  (${tenant.status})`);
    }

    step("Ordering a new tenant through the cart (MPN ID, contact, checkout, payment, delivery)");
    // The resource core orders it as the providers do: one order, found again if a run is cut off.
    const ordered = await tenant.createTenant(
      { api, onProgress: (message) => line(message) },
      {
        mpnId: "1234567",
        displayName: "ACME GmbH",
        contact: {
          firstName: "Anna",
          lastName: "Muster",
          email: "it@acme.example",
          phone: "+49.301234567",
          address: "Hauptstr. 1",
          city: "Berlin",
          zipCode: "10115",
        },
      },
      { idempotencyKey: `o365r-tour-${Date.now()}` },
    );
    const serviceName = ordered.serviceName;
    line(`order ${ordered.orderId} delivered: tenant ${serviceName} is ${ordered.status}`);

    step("Licences this tenant can order");
    const licences = await api.listOrderableLicences(serviceName);
    for (const licence of licences.slice(0, 6)) {
      line(`#${licence.id}  ${licence.name}  (${licence.licenceType}, up to ${licence.limit ?? "∞"} seats)`);
    }
    const standard = licences.find((l) => l.name === "Microsoft 365 Business Standard") ?? licences[0]!;

    step(`Adding a subscription: 25 × ${standard.name}`);
    const created = await api.addSubscription(serviceName, { licenseId: standard.id, quantity: 25 });
    await api.waitForTask(serviceName, created.id, { onProgress: (message) => line(message) });
    const subscription = (await api.listSubscriptions(serviceName)).find((s) => s.licenseId === standard.id)!;
    line(`subscription ${subscription.id}: ${subscription.quantity} seats, ${subscription.status}`);

    step("Raising the seats to 30 (changeQuantity takes the new total)");
    const raised = await api.changeQuantity(serviceName, subscription.id, 30);
    await api.waitForTask(serviceName, raised.id, { onProgress: (message) => line(message) });
    line(`now ${(await api.getSubscription(serviceName, subscription.id)).quantity} seats`);

    step("Cancelling the subscription (allowed within 168 hours of the purchase)");
    const cancelled = await api.cancelSubscription(serviceName, subscription.id);
    await api.waitForTask(serviceName, cancelled.id, { onProgress: (message) => line(message) });
    line(`subscriptions left in ${serviceName}: ${(await api.listSubscriptions(serviceName)).length}`);

    step("Done. The same emulator runs on its own with `npx o365r emulator --demo`.");
  } finally {
    await client.close();
    await emulator.stop();
  }
}

// Run directly (`tsx scripts/tour.ts`), not when imported by scripts/start.ts.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  tour().catch((error: unknown) => {
    process.stderr.write(`\nThe tour stopped: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
