// Cart configuration labels compare by letters and digits only, case-insensitively, on both sides of
// the wire (wire-contract.md §3): `zipCode`, `zip_code` and `ZIP-CODE` are one label.

export function normalise(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]/g, "");
}
