// Field rules shared by both resource kinds. Each returns the normalised value or a reason naming the
// rule, so that check can report `{property, value, reason}` per field. Decisions (documented in
// docs/resources.md):
// - Phone: OVHcloud stores `+CC.NUMBER`. Accepted: that form, and international forms whose first
//   separator ends the country code ("+49 30 1234567", "+49-30-1234567", "0049 30 1234567"); spaces,
//   dashes, dots and parentheses inside the number are dropped. A national number ("030 1234567") or
//   "+4930…" without a separator is refused: the country code cannot be told apart safely.
// - MPN ID (Microsoft Partner Network / Partner ID): digits only, 6 to 10 of them.
// - Zip code: 2 to 12 letters, digits, spaces or dashes (postcodes differ by country).
// - Sub-domain: letters and digits (and inner dashes), 1 to 63, stored lower-case.

export type Rule<T> = (value: unknown) => { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T) => ({ ok: true as const, value });
const no = (reason: string) => ({ ok: false as const, reason });

export function nonEmptyString(max = 255): Rule<string> {
  return (value) => {
    if (typeof value !== "string") return no("must be a string");
    const v = value.trim();
    if (v.length === 0) return no("must not be empty");
    if (v.length > max) return no(`must be at most ${max} characters long`);
    return ok(v);
  };
}

const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const email: Rule<string> = (value) => {
  if (typeof value !== "string") return no("must be a string");
  const v = value.trim();
  if (!EMAIL.test(v) || v.length > 254) {
    return no("must be a valid e-mail address such as it@acme.example (it receives the Microsoft login)");
  }
  const at = v.lastIndexOf("@");
  return ok(`${v.slice(0, at)}@${v.slice(at + 1).toLowerCase()}`);
};

const PHONE_RULE =
  "must be an international phone number in OVHcloud's form +CC.NUMBER, e.g. +49.301234567 (also accepted: +49 30 1234567, 0049 30 1234567)";

export const phone: Rule<string> = (value) => {
  if (typeof value !== "string") return no("must be a string");
  const v = value.trim();
  const m = /^(?:\+|00)([1-9]\d{0,2})[.\s-]+(.+)$/.exec(v);
  if (!m) return no(PHONE_RULE);
  const number = m[2]!.replace(/[\s.()-]/g, "");
  if (!/^\d+$/.test(number)) return no(PHONE_RULE);
  const digits = m[1]!.length + number.length;
  if (number.length < 4 || digits > 15) return no(`${PHONE_RULE}; at most 15 digits in all`);
  return ok(`+${m[1]}.${number}`);
};

export const mpnId: Rule<string> = (value) => {
  const v = typeof value === "number" && Number.isInteger(value) ? String(value) : value;
  if (typeof v !== "string") return no("must be a string of digits");
  const t = v.trim();
  if (!/^\d{6,10}$/.test(t))
    return no("must be a Microsoft Partner Network ID: 6 to 10 digits, e.g. 1234567");
  return ok(t);
};

export const zipCode: Rule<string> = (value) => {
  if (typeof value !== "string") return no("must be a string");
  const v = value.trim().replace(/\s+/g, " ");
  if (!/^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$/.test(v)) {
    return no("must be a postcode of 2 to 12 letters, digits, spaces or dashes, e.g. 10115");
  }
  return ok(v);
};

export const subdomain: Rule<string> = (value) => {
  if (typeof value !== "string") return no("must be a string");
  const v = value.trim().toLowerCase();
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(v)) {
    return no("must be 1 to 63 letters and digits (dashes allowed inside), e.g. acme");
  }
  return ok(v);
};

export const serviceName: Rule<string> = (value) => {
  if (typeof value !== "string") return no("must be a string");
  const v = value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(v)) {
    return no("must be a CSP2 service name such as csp2-1a2b3c4d (letters, digits, dots, dashes)");
  }
  return ok(v);
};

/** A positive whole number, given as a number or a string of digits (ids, seat counts). */
export function positiveInteger(what: string, max = Number.MAX_SAFE_INTEGER): Rule<number> {
  return (value) => {
    const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
      return no(`must be ${what}: a whole number ≥ 1`);
    if (n > max) return no(`must be at most ${max}`);
    return ok(n);
  };
}

export const optionalBoolean: Rule<boolean> = (value) =>
  typeof value === "boolean" ? ok(value) : no("must be true or false");
