// What a tenant order carries, as a short fingerprint: one 4-hex-digit hash per order-time value (MPN
// ID, display name, the seven contact fields, the sub-domain) and one of the licences, each value
// normalised as the inputs are. It fits in a cart description (the one mark a cart can carry that a
// later run can read back), it lets two orders be compared without reading back every configuration,
// and it tells which values differ without holding them: nothing a user typed is written out in clear.
//
// 16 bits per value: two different values hash alike once in 65,536, which only ever makes two
// attempts look a little more alike than they are (see `likeness`), never identical by chance in all
// eleven places.

import type { TenantOrderConfiguration } from "../port.js";
import * as rules from "../validate.js";
import { licenceOptionKey } from "./licences.js";
import type { TenantLicence } from "./schema.js";

/** The values a fingerprint holds, in its order, named as the inputs name them. */
export const FINGERPRINT_FIELDS = [
  "mpnId",
  "displayName",
  "contact.firstName",
  "contact.lastName",
  "contact.email",
  "contact.phone",
  "contact.address",
  "contact.city",
  "contact.zipCode",
  "subdomain",
  "licenses",
] as const;
export type FingerprintField = (typeof FINGERPRINT_FIELDS)[number];

/** The values that describe the customer: how alike two attempts are is counted over these. */
export const CUSTOMER_FIELDS: readonly FingerprintField[] = FINGERPRINT_FIELDS.slice(1, 9);

const PART = 4;
/** A part whose value is not known (the licences of an order read back from OVHcloud). */
const UNKNOWN_PART = "----";
export const FINGERPRINT_LENGTH = PART * FINGERPRINT_FIELDS.length;

/** Eleven 4-character parts, one per `FINGERPRINT_FIELDS` entry. */
export type Fingerprint = string;

const normalisers: Partial<Record<FingerprintField, rules.Rule<string>>> = {
  mpnId: rules.mpnId,
  "contact.email": rules.email,
  "contact.phone": rules.phone,
  "contact.zipCode": rules.zipCode,
  subdomain: rules.subdomain,
};

function normalised(field: FingerprintField, value: string | null | undefined): string {
  const raw = (value ?? "").trim();
  const rule = normalisers[field];
  const r = rule && raw !== "" ? rule(raw) : undefined;
  return (r?.ok ? r.value : raw).replace(/\s+/g, " ").toLowerCase();
}

function part(text: string): string {
  return (fnv1a32(text) & 0xffff).toString(16).padStart(PART, "0");
}

function licencesText(licences: readonly TenantLicence[] | null | undefined): string {
  return (licences ?? [])
    .map((l) => `${licenceOptionKey(String(l.license))}=${l.quantity}`)
    .sort()
    .join(",");
}

/** The fingerprint of what an order is sent with: the configuration and the licences declared. */
export function fingerprintOf(
  configuration: TenantOrderConfiguration,
  licences: readonly TenantLicence[] | null | undefined,
): Fingerprint {
  const c = configuration.contact;
  const values: Record<FingerprintField, string> = {
    mpnId: configuration.mpnId,
    displayName: configuration.displayName,
    "contact.firstName": c.firstName,
    "contact.lastName": c.lastName,
    "contact.email": c.email,
    "contact.phone": c.phone,
    "contact.address": c.address,
    "contact.city": c.city,
    "contact.zipCode": c.zipCode,
    subdomain: configuration.subdomain ?? "",
    licenses: "",
  };
  return FINGERPRINT_FIELDS.map((f) =>
    f === "licenses" ? part(licencesText(licences)) : part(normalised(f, values[f])),
  ).join("");
}

const labelKey = (label: string) => label.toLowerCase().replace(/[^a-z0-9]/g, "");
const FIELD_OF_LABEL: Record<string, FingerprintField> = Object.fromEntries(
  FINGERPRINT_FIELDS.map((f) => [labelKey(f.replace(/^contact\./, "")), f]),
);

/**
 * The fingerprint of a configuration as OVHcloud keeps it (a cart item's, or an order line's): labels
 * are matched to fields by name, case and punctuation ignored, as the client fills them. Licences are
 * not part of a configuration: that part is unknown.
 */
export function fingerprintOfLabels(
  configurations: readonly { label: string; value: string }[],
): Fingerprint {
  const values = new Map<FingerprintField, string>();
  for (const { label, value } of configurations) {
    const field = FIELD_OF_LABEL[labelKey(label)];
    if (field && field !== "licenses") values.set(field, value);
  }
  return FINGERPRINT_FIELDS.map((f) =>
    f === "licenses" ? UNKNOWN_PART : part(normalised(f, values.get(f) ?? "")),
  ).join("");
}

export function isFingerprint(text: string): boolean {
  return text.length === FINGERPRINT_LENGTH && /^(?:[0-9a-f]{4}|-{4})+$/.test(text);
}

function partOf(fp: Fingerprint, field: FingerprintField): string {
  const i = FINGERPRINT_FIELDS.indexOf(field);
  return fp.slice(i * PART, (i + 1) * PART);
}

export interface Likeness {
  /** Every order-time value equal (licences not compared). */
  sameConfiguration: boolean;
  sameSubdomain: boolean;
  /** Licences equal; null when one side does not know them. */
  sameLicences: boolean | null;
  /** How many of the eight customer values are equal. */
  score: number;
  /** The order-time values that differ, named as the inputs name them. */
  differs: FingerprintField[];
}

/** How alike two fingerprints are. */
export function likeness(a: Fingerprint, b: Fingerprint): Likeness {
  const differs: FingerprintField[] = [];
  let score = 0;
  for (const field of FINGERPRINT_FIELDS) {
    if (field === "licenses") continue;
    const equal = partOf(a, field) === partOf(b, field);
    if (!equal) differs.push(field);
    else if (CUSTOMER_FIELDS.includes(field)) score += 1;
  }
  const la = partOf(a, "licenses");
  const lb = partOf(b, "licenses");
  return {
    sameConfiguration: differs.length === 0,
    sameSubdomain: !differs.includes("subdomain"),
    sameLicences: la === UNKNOWN_PART || lb === UNKNOWN_PART ? null : la === lb,
    score,
    differs,
  };
}

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
