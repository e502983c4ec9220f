#!/usr/bin/env bash
# The steps of examples/ci/o365r.yml, run locally against the OVH API emulator: nothing is billed and
# no credentials or engines are needed. Where the workflow runs an engine, this uses a stand-in:
#   pull request: a recorded `pulumi preview --json` (fixtures/pulumi-preview.json) → o365r plan-summary
#                 (prices from the demo account's cart offer) → the Markdown comment, in $WORK/plan-summary.md
#   nightly:      o365r windows --within 7d (the reduction windows that open or close this week), then
#                 a stack export recorded from the live estate (lib/record-stack.mjs stands in for
#                 `pulumi stack export`) → o365r drift: no drift (exit 0); then a tenant is added
#                 behind the stack's back → o365r drift fails the job (exit 2), report in $WORK/drift.md
# Run from anywhere with the project's Node first on PATH (`npm exec -- bash examples/ci/run-local.sh`,
# or via the test). Exits 0 when every step behaved as the workflow expects. Outputs stay in
# $O365R_CI_WORK when set, otherwise in a temporary directory that is removed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# O365R_CLI: another executable to run as o365r (e.g. an installed one); default: this checkout's launcher.
o365r() { if [[ -n "${O365R_CLI:-}" ]]; then "$O365R_CLI" "$@"; else node "$ROOT/bin/o365r.js" "$@"; fi; }
step() { printf '\n== %s\n' "$*" >&2; }

if [[ -n "${O365R_CI_WORK:-}" ]]; then
  WORK="$O365R_CI_WORK"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
fi
EMULATOR_PID=""
cleanup() {
  if [[ -n "$EMULATOR_PID" ]]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
  if [[ -z "${O365R_CI_WORK:-}" ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

step "emulator with a demo reseller account"
# Started directly (not through the o365r function) so that $! is the emulator itself and the trap stops it.
if [[ -n "${O365R_CLI:-}" ]]; then
  "$O365R_CLI" emulator --demo --data "$WORK/emulator" >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
else
  node "$ROOT/bin/o365r.js" emulator --demo --data "$WORK/emulator" >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
fi
EMULATOR_PID=$!
for _ in $(seq 1 150); do
  [[ -s "$WORK/emulator.out" ]] && grep -q '^OVH_CONSUMER_KEY=' "$WORK/emulator.err" && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$WORK/emulator.err" >&2; exit 1; }
  sleep 0.2
done
URL="$(head -n 1 "$WORK/emulator.out")"
ADMIN="${URL%/1.0}/_emulator"
export DEMO_OVH_ENDPOINT="$URL"
export DEMO_OVH_APPLICATION_KEY="$(sed -n 's/^OVH_APPLICATION_KEY=//p' "$WORK/emulator.err")"
export DEMO_OVH_APPLICATION_SECRET="$(sed -n 's/^OVH_APPLICATION_SECRET=//p' "$WORK/emulator.err")"
export DEMO_OVH_CONSUMER_KEY="$(sed -n 's/^OVH_CONSUMER_KEY=//p' "$WORK/emulator.err")"
NIC="$(sed -n 's/^# demo account \([^,]*\),.*/\1/p' "$WORK/emulator.err")"
echo "emulator at $URL, account $NIC" >&2

# The accounts file names where credentials come from, never the secrets.
cat >"$WORK/o365r.accounts.yaml" <<YAML
accounts:
  demo:
    nic: $NIC
    credentials:
      envPrefix: DEMO_
YAML
export O365R_ACCOUNTS="$WORK/o365r.accounts.yaml"

step "o365r accounts check"
o365r accounts check

step "pull request: o365r plan-summary of the recorded preview"
o365r plan-summary "$HERE/fixtures/pulumi-preview.json" >"$WORK/plan-summary.md"
cat "$WORK/plan-summary.md"

step "nightly: o365r inventory, and a stack export recorded from it"
o365r inventory --json --quiet >"$WORK/inventory.json"
node "$HERE/lib/record-stack.mjs" "$WORK/inventory.json" "$ADMIN" >"$WORK/stack.json"

step "nightly: o365r windows opening or closing within 7 days"
o365r windows --within 7d --markdown --quiet >"$WORK/windows.md"
cat "$WORK/windows.md"

step "nightly: o365r drift (expect none)"
o365r drift --state "$WORK/stack.json" --quiet

step "a colleague orders a tenant outside the stack"
node -e '
  const [admin, account] = process.argv.slice(1);
  const r = await fetch(`${admin}/tenants`, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ account, displayName: "Ordered by hand", subscriptions: [{ license: "Office 365 E3", quantity: 2 }] }) });
  if (!r.ok) { console.error(await r.text()); process.exit(1); }
  console.error(`created ${(await r.json()).serviceName}`);
' --input-type=module "$ADMIN" "$NIC"

step "nightly: o365r drift (expect drift: exit 2 fails the job)"
set +e
o365r drift --state "$WORK/stack.json" --markdown --quiet >"$WORK/drift.md"
code=$?
set -e
cat "$WORK/drift.md"
if [[ "$code" -ne 2 ]]; then
  echo "expected o365r drift to exit 2 (drift found), got $code" >&2
  exit 1
fi
echo "drift found (exit 2), as the nightly job would fail" >&2
