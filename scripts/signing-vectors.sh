#!/usr/bin/env bash
# OVHcloud request-signature test vectors, computed from the documented algorithm with standard tools
# and no project code:  "$1$" + sha1_hex(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY + "+" + TS)
# Prints one TypeScript table row per vector; paste the output into test/ovh/signing.spec.ts.
# Usage: scripts/signing-vectors.sh            (uses sha1sum; falls back to openssl)
set -euo pipefail

hash() {
  if command -v sha1sum >/dev/null 2>&1; then
    printf '%s' "$1" | sha1sum | cut -d' ' -f1
  else
    printf '%s' "$1" | openssl dgst -sha1 -r | cut -d' ' -f1
  fi
}

# Escape a value for a TypeScript double-quoted string literal.
ts_str() {
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}

vector() { # name AS CK METHOD URL BODY TS
  local name=$1 as=$2 ck=$3 method=$4 url=$5 body=$6 ts=$7
  local sig="\$1\$$(hash "$as+$ck+$method+$url+$body+$ts")"
  printf '  [%s, %s, %s, %s, %s, %s, %s, %s],\n' \
    "$(ts_str "$name")" "$(ts_str "$as")" "$(ts_str "$ck")" "$(ts_str "$method")" \
    "$(ts_str "$url")" "$(ts_str "$body")" "$ts" "$(ts_str "$sig")"
}

AS=EgWIz07P0HYwtQDs
CK=MtSwSrPpNjqfVSmJhLbPyr2i45lSwPU1
vector "GET without body" "$AS" "$CK" GET "https://eu.api.ovh.com/1.0/me" "" 1366560945
vector "GET with a query string" "$AS" "$CK" GET "https://eu.api.ovh.com/1.0/me/order?date.from=2024-01-01T00%3A00%3A00Z&date.to=2024-02-01" "" 1700000000
vector "POST with a JSON body" "$AS" "$CK" POST "https://eu.api.ovh.com/1.0/saas/csp2/csp2-0a1b2c3d/subscription" '{"licenseId":1,"quantity":5}' 1700000123
vector "PUT with an ASCII-escaped accent" "$AS" "$CK" PUT "https://eu.api.ovh.com/1.0/saas/csp2/csp2-0a1b2c3d" '{"city":"Li\u00e8ge","displayName":"Caf\u00e9"}' 1700000456
vector "DELETE on a loopback emulator" "$AS" "$CK" DELETE "http://127.0.0.1:43123/1.0/saas/csp2/csp2-0a1b2c3d/subscription/7" "" 1700000789
vector "raw UTF-8 body is hashed as UTF-8" "$AS" "$CK" POST "https://ca.api.ovh.com/1.0/x" '{"name":"Zoë"}' 1
vector "secret containing +" "a+b" "c+d" GET "https://eu.api.ovh.com/1.0/auth/currentCredential" "" 1234567890
vector "empty secrets" "" "" GET "https://eu.api.ovh.com/1.0/me" "" 0
