// The account (`GET /me`, generated from OVHcloud's schema) and the models the schema files do not
// describe, written here by hand: `/auth/time`, `/auth/currentCredential`, error bodies and the OAuth2
// token answer (OVHcloud publishes `/auth` in another file, and errors and OAuth2 in none).
import { z } from "zod";
import * as M from "./generated/me-order.js";

/** `GET /me`: `nichandle.Nichandle`. */
export const Me = M.NichandleNichandle;
export type Me = M.NichandleNichandle;
/** `nichandle.OvhSubsidiaryEnum`: the subsidiaries of OVHcloud's EU API. */
export const OVH_SUBSIDIARIES = M.NichandleOvhSubsidiaryEnumValues;

/** `GET /auth/time`: a bare integer, epoch seconds. (Hand-written: not in the schema files here.) */
export const AuthTime = z.number().int();

/** `GET /auth/currentCredential`. (Hand-written: not in the schema files here.) */
export const CurrentCredential = z
  .object({
    credentialId: z.number().int(),
    applicationId: z.number().int(),
    rules: z.array(z.object({ method: z.string(), path: z.string() })),
    status: z.string(),
    expiration: z.string().nullish(),
  })
  .loose();
export type CurrentCredential = z.infer<typeof CurrentCredential>;

/**
 * Error bodies come in two styles: newer {class, message, details?}, older {errorCode, httpCode,
 * message}. (Hand-written: OVHcloud's schema does not describe errors.)
 */
export const ErrorBody = z
  .object({
    message: z.string(),
    class: z.string().optional(),
    errorCode: z.string().optional(),
    httpCode: z.string().optional(),
    details: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type ErrorBody = z.infer<typeof ErrorBody>;

/** OAuth2 token endpoint answer (client_credentials grant). (Hand-written: not an API v1 route.) */
export const OAuth2Token = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string().optional(),
});
export type OAuth2Token = z.infer<typeof OAuth2Token>;
