// The subscription calls of the CSP2 API: licences a tenant may order, subscriptions and their seat
// changes and add-ons, tasks and the wait for them, usage and prices.
import { z } from "zod";
import { OvhInputError, OvhTaskError, OvhWaitTimeoutError } from "../ovh/errors.js";
import {
  BillingStatistics,
  LicencePrice,
  LicensePeriod,
  OfficeLicence,
  OfficeSubscription,
  OfficeTask,
  Statistics,
} from "../ovh/models/index.js";
import { type CallContext, Ids, positiveInt, seconds, seg, subPath, tenantPath } from "./common.js";
import type { Csp2Api, WaitOptions } from "./types.js";
import { pollUntil } from "./wait.js";

export type SubscriptionCalls = Pick<
  Csp2Api,
  | "listOrderableLicences"
  | "getOrderableLicence"
  | "listSubscriptions"
  | "getSubscription"
  | "addSubscription"
  | "changeQuantity"
  | "cancelSubscription"
  | "orderAddon"
  | "availableAddonLicences"
  | "addonSubscriptionIds"
  | "listTasks"
  | "getTask"
  | "waitForTask"
  | "usageStatistics"
  | "billingPeriodPeaks"
  | "licencePrice"
>;

export function subscriptionCalls(ctx: CallContext): SubscriptionCalls {
  const { client, api, clock, taskPoll, taskTimeoutMs } = ctx;
  return {
    listOrderableLicences: async (s) => client.list(`${tenantPath(s)}/orderableLicenses`, OfficeLicence),
    getOrderableLicence: async (s, id) =>
      client.get(`${tenantPath(s)}/orderableLicenses/${seg("licenceId", id)}`, { schema: OfficeLicence }),
    listSubscriptions: async (s) => client.list(`${tenantPath(s)}/subscription`, OfficeSubscription),
    getSubscription: async (s, id) => client.get(subPath(s, id), { schema: OfficeSubscription }),

    addSubscription: async (s, input) =>
      client.post(`${tenantPath(s)}/subscription`, {
        body: {
          licenseId: positiveInt("licenseId", input.licenseId, 0),
          quantity: positiveInt("quantity", input.quantity),
        },
        schema: OfficeTask,
      }),
    changeQuantity: async (s, id, total) =>
      client.post(`${subPath(s, id)}/changeQuantity`, {
        body: { quantity: positiveInt("quantity", total) },
        schema: OfficeTask,
      }),
    cancelSubscription: async (s, id) => client.delete(subPath(s, id), { schema: OfficeTask }),
    orderAddon: async (s, id, input) =>
      client.post(`${subPath(s, id)}/orderAddon`, {
        body: {
          licenseId: positiveInt("licenseId", input.licenseId, 0),
          quantity: positiveInt("quantity", input.quantity),
        },
        schema: OfficeTask,
      }),
    availableAddonLicences: async (s, id) =>
      client.get(`${subPath(s, id)}/availableAddonLicenses`, { schema: Ids }),
    addonSubscriptionIds: async (s, id) =>
      client.get(`${subPath(s, id)}/addonsSubscriptionIds`, { schema: Ids }),

    listTasks: async (s) => client.list(`${tenantPath(s)}/task`, OfficeTask),
    getTask: async (s, id) =>
      client.get(`${tenantPath(s)}/task/${seg("taskId", id)}`, { schema: OfficeTask }),

    async waitForTask(s, id, opts: WaitOptions = {}) {
      const timeoutMs = opts.timeoutMs ?? taskTimeoutMs;
      return pollUntil({
        read: () => api.getTask(s, id),
        judge: (task, elapsedMs) => {
          opts.onProgress?.(
            `Task ${task.id} (${task.function}) of ${s}: ${task.status} after ${seconds(elapsedMs)}.`,
            {
              kind: "task",
              serviceName: s,
              taskId: task.id,
              function: task.function,
              status: task.status,
              elapsedMs,
            },
          );
          if (task.status === "done") return { done: true, result: task };
          if (task.status === "error" || task.status === "cancelled") {
            throw new OvhTaskError({
              serviceName: s,
              taskId: task.id,
              taskFunction: task.function,
              taskStatus: task.status,
            });
          }
          return { done: false, status: task.status };
        },
        timeoutMs,
        settings: taskPoll,
        clock,
        signal: opts.signal,
        pauseFirst: opts.justStarted,
        onTimeout: (waitedMs, lastStatus) =>
          new OvhWaitTimeoutError(
            "waitForTask",
            `Task ${id} of tenant ${s} was still "${lastStatus}" after ${Math.round(waitedMs / 1000)} s. It goes on ` +
              "at OVHcloud: wait again (or raise the timeout), and read the subscription to see where it stands.",
            { waitedMs, lastStatus },
          ),
      });
    },

    async usageStatistics(s, period) {
      const parsed = LicensePeriod.safeParse(period);
      if (!parsed.success) {
        throw new OvhInputError(
          `usageStatistics: period must be one of ${LicensePeriod.options.join(", ")}.`,
        );
      }
      return client.get(`${tenantPath(s)}/usageStatistics`, {
        query: { timePeriod: parsed.data },
        schema: z.array(Statistics),
      });
    },
    billingPeriodPeaks: async (s) =>
      client.get(`${tenantPath(s)}/billingPeriodPeaks`, { schema: BillingStatistics }),
    licencePrice: async (name) =>
      client.get(`/price/saas/csp2/license/${seg("licenseName", name)}`, { schema: LicencePrice }),
  };
}
