// `/auth/*`: server time, the current credential, asking for a consumer key and logging out.
import { z } from "zod";
import { header } from "../auth/authenticate.js";
import { alnum, consumerKey as newConsumerKey } from "../core/ids.js";
import { nextId } from "../core/state.js";
import { isoDateTime } from "../core/time.js";
import { parseBody } from "../http/body.js";
import { callerOf, type Route } from "../http/context.js";
import { errors } from "../http/errors.js";

const CredentialRequest = z.object({
  accessRules: z.array(
    z.object({ method: z.enum(["GET", "POST", "PUT", "DELETE", "PATCH"]), path: z.string().min(1) }),
  ),
  redirection: z.string().nullish(),
  allowedIPs: z.array(z.string()).nullish(),
});

export const authRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/auth/time",
    auth: "none",
    // The real clock plus the admin skew, never the virtual clock (wire-contract.md).
    handler: (ctx) => ({ body: ctx.env.clock.serverSeconds() }),
  },
  {
    method: "GET",
    pattern: "/auth/currentCredential",
    auth: "required",
    alwaysGranted: true,
    handler: (ctx) => {
      const caller = callerOf(ctx);
      const credential = caller.credential;
      const application = credential ? ctx.state.applications[credential.applicationKey] : undefined;
      return {
        body: {
          credentialId: credential?.credentialId ?? 0,
          applicationId: application?.applicationId ?? 0,
          rules:
            caller.rules === "all"
              ? [
                  { method: "GET", path: "/*" },
                  { method: "POST", path: "/*" },
                  { method: "PUT", path: "/*" },
                  { method: "DELETE", path: "/*" },
                ]
              : caller.rules,
          status: "validated",
          expiration: null,
          creation: isoDateTime(credential?.createdAt ?? ctx.env.clock.real()),
          lastUse: isoDateTime(ctx.env.clock.real()),
          ovhSupport: false,
          allowedIPs: null,
        },
      };
    },
  },
  {
    method: "POST",
    pattern: "/auth/credential",
    auth: "none",
    // OVHcloud's consumer-key request: the key is pending until someone opens validationUrl, which
    // here validates it for the account that owns the application (as if its owner logged in).
    handler: (ctx) => {
      const applicationKey = header(ctx.headers, "x-ovh-application");
      if (applicationKey === undefined) throw errors.notLoggedIn();
      const application = ctx.state.applications[applicationKey];
      if (!application) throw errors.invalidKey();
      const body = parseBody(CredentialRequest, ctx.rawBody);
      const consumerKey = newConsumerKey();
      const validationToken = alnum(24);
      ctx.state.consumerKeys[consumerKey] = {
        consumerKey,
        applicationKey,
        nic: null,
        credentialId: nextId(ctx.state, "credentialId"),
        rules: body.accessRules,
        status: "pendingValidation",
        validationToken,
        createdAt: ctx.env.clock.real(),
      };
      return {
        body: {
          consumerKey,
          state: "pendingValidation",
          validationUrl: `${ctx.env.origin()}/_emulator/auth/validate?credentialToken=${validationToken}`,
        },
      };
    },
  },
  {
    method: "POST",
    pattern: "/auth/logout",
    auth: "required",
    alwaysGranted: true,
    handler: (ctx) => {
      const credential = callerOf(ctx).credential;
      if (credential) credential.status = "expired";
      return {};
    },
  },
];
