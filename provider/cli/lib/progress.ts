// Scan progress: a bar on stderr when it is a terminal (cli-progress), plain lines otherwise, nothing
// with --quiet. The bar's total grows as each account's tenant listing arrives.
import { SingleBar } from "cli-progress";
import { type CliIo, say } from "./io.js";
import type { AccountScan, ScanOptions } from "./scan.js";

export interface ScanProgress {
  hooks: Pick<ScanOptions, "onTenantsListed" | "onTenantScanned" | "onAccountDone">;
  stop(): void;
}

export function scanProgress(io: CliIo, accounts: number, quiet: boolean): ScanProgress {
  if (quiet) return { hooks: {}, stop: () => {} };
  if (io.stderr.isTTY !== true) {
    return {
      hooks: {
        // A failed account is reported once, by the command after its output (also with --quiet).
        onAccountDone: (scan) => {
          if (scan.error === undefined) say(io, accountLine(scan));
        },
      },
      stop: () => {},
    };
  }
  const bar = new SingleBar({
    stream: io.stderr as NodeJS.WritableStream,
    format: "scanning {bar} {value}/{total} tenants | {accounts}/{accountTotal} accounts",
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  let total = 0;
  let accountsDone = 0;
  bar.start(0, 0, { accounts: 0, accountTotal: accounts });
  return {
    hooks: {
      onTenantsListed: (_account, count) => {
        total += count;
        bar.setTotal(total);
      },
      onTenantScanned: () => bar.increment(),
      onAccountDone: () => {
        accountsDone += 1;
        bar.update({ accounts: accountsDone });
      },
    },
    stop: () => bar.stop(),
  };
}

export function accountLine(scan: AccountScan): string {
  const subs = scan.tenants.reduce((n, t) => n + t.subscriptions.length, 0);
  return `scanned ${scan.name} (${scan.nic}): ${scan.tenants.length} tenants, ${subs} subscriptions`;
}

/** True when no account could be scanned: the command then writes no (empty) report to stdout. */
export function allFailed(scans: readonly AccountScan[]): boolean {
  return scans.length > 0 && scans.every((s) => s.error !== undefined);
}

/** A failed account's error, naming the account once. */
export function accountError(scan: AccountScan): string {
  const error = scan.error ?? "";
  return error.startsWith(`account ${scan.name}`) ? error : `account ${scan.name}: ${error}`;
}
