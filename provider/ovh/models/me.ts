// Zod models of the account (`/me`) and authentication routes.
import { z } from "zod";

/** `GET /me`: only the fields this project uses are required; the real answer has many more. */
export const Me = z
  .object({
    nichandle: z.string(),
    ovhSubsidiary: z.string(),
    email: z.string().nullish(),
    firstname: z.string().nullish(),
    name: z.string().nullish(),
    currency: z.object({ code: z.string(), symbol: z.string() }).nullish(),
  })
  .loose();
export type Me = z.infer<typeof Me>;

/** `GET /auth/time`: a bare integer, epoch seconds. */
export const AuthTime = z.number().int();

/** `GET /auth/currentCredential`. */
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

/** Error bodies come in two styles: newer {class, message, details?}, older {errorCode, httpCode, message}. */
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

/** OAuth2 token endpoint answer (client_credentials grant). */
export const OAuth2Token = z.object({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.number(),
  scope: z.string().optional(),
});
export type OAuth2Token = z.infer<typeof OAuth2Token>;
