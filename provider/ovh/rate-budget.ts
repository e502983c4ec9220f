// One rate budget per credential for every process of the machine: OpenTofu starts three provider
// processes per plan, and the CLI may run beside a Pulumi host, while OVHcloud counts the calls of a
// consumer key wherever they come from.
//
// The request starts of one credential are a small JSON file in the cache directory
// (`$XDG_CACHE_HOME/o365-reseller/rate`, else `~/.cache/o365-reseller/rate`), read and rewritten under an
// advisory lock: a lock file made by exclusive create, held for one read and one write. A lock left by
// a process that died (or that has held it for seconds, far longer than a read and a write) is taken
// over. The file is named by a hash of the endpoint and the credential's own (already hashed) key and
// holds only timestamps: never a secret. If the directory cannot be written, the budget falls back to
// this process alone and says so in the debug log.
import { createHash, randomUUID } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { homedir, hostname } from "node:os";
import { join } from "node:path";
import { type RateWindow, SlidingWindow, WINDOW_MS, windowDelay } from "./limiter.js";

/** How long to wait before asking again while another process holds the lock. */
const BUSY_RETRY_MS = 3;
/** A lock held this long is abandoned: holding it takes one read and one write of a tiny file. */
export const STALE_LOCK_MS = 5_000;
/** Files untouched this long hold nothing that still counts: removed when a process starts using the directory. */
const FORGOTTEN_MS = 60 * 60_000;
/**
 * The longest a shared fact is kept (machine-facts.ts): a day, the window in which a finished tenant
 * create is still looked at (provider/resources/tenant/attempts.ts, DONE_WINDOW_MS). Files of such
 * facts (their names end in KEPT_FACTS_SUFFIX) are spared by the tidying until then.
 */
export const FACTS_KEPT_MS = 24 * 3_600_000;
export const KEPT_FACTS_SUFFIX = ".kept.json";

/** `$XDG_CACHE_HOME/o365-reseller/rate`, else `~/.cache/o365-reseller/rate`. */
export function rateBudgetDir(env: Record<string, string | undefined> = process.env): string {
  const cache =
    env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.trim() !== "" ? env.XDG_CACHE_HOME : join(homedir(), ".cache");
  return join(cache, "o365-reseller", "rate");
}

/** The file name of a credential's budget: a hash of its limiter key (which holds no secret either). */
export function budgetName(key: string): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

export interface SharedWindowOptions {
  dir: string;
  /** The limiter key of the credential: endpoint and hashed consumer key, or OAuth2 client id. */
  key: string;
  /** The window starts are counted in (tests shorten it). */
  windowMs?: number | undefined;
  /** Debug log lines (fallback, lock takeover). */
  log?: ((line: string) => void) | undefined;
}

const tidied = new Set<string>();

/** The request starts of one credential, shared by the processes of this machine through a file. */
export class SharedWindow implements RateWindow {
  private readonly file: string;
  private readonly lockFile: string;
  private readonly windowMs: number;
  private readonly log: (line: string) => void;
  /** Set once the directory turned out not to be writable: this process counts alone from then on. */
  private fallback: SlidingWindow | undefined;

  constructor(private readonly options: SharedWindowOptions) {
    const name = budgetName(options.key);
    this.file = join(options.dir, `${name}.json`);
    this.lockFile = join(options.dir, `${name}.lock`);
    this.windowMs = options.windowMs ?? WINDOW_MS;
    this.log = options.log ?? (() => {});
  }

  take(now: number, limit: number): number {
    if (this.fallback) return this.fallback.take(now, limit);
    try {
      this.prepare();
      if (!this.lock()) return BUSY_RETRY_MS;
      try {
        const { live, delay } = windowDelay(this.read(), now, limit, this.windowMs);
        if (delay === 0) live.push(now);
        this.write(live);
        return delay;
      } finally {
        this.unlock();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (typeof code !== "string") throw error;
      this.fallback = new SlidingWindow(this.windowMs);
      this.log(
        `rate budget: ${this.options.dir} cannot be written (${code}); the requests per minute of this ` +
          "credential are kept within this process only, not shared with its other processes on this machine",
      );
      return this.fallback.take(now, limit);
    }
  }

  /** Makes the directory, and once per process removes what no process has touched for an hour. */
  private prepare(): void {
    const { dir } = this.options;
    if (tidied.has(dir)) return;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    tidied.add(dir);
    const cutoff = Date.now() - FORGOTTEN_MS;
    const factsCutoff = Date.now() - FACTS_KEPT_MS;
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      try {
        const before = entry.endsWith(KEPT_FACTS_SUFFIX) ? factsCutoff : cutoff;
        if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
      } catch {
        // Another process tidied it first.
      }
    }
  }

  private token: string | undefined;

  /** Takes the lock (true), or finds it held by a live process (false). */
  private lock(): boolean {
    for (let attempt = 0; attempt < 3; attempt++) {
      const token = `${process.pid} ${hostname()} ${randomUUID()}`;
      try {
        const fd = openSync(this.lockFile, "wx", 0o600);
        try {
          writeSync(fd, token);
        } finally {
          closeSync(fd);
        }
        this.token = token;
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const held = this.holder();
      if (held === undefined) continue; // released in between: try again
      if (!abandoned(held.text, held.ageMs)) return false;
      this.takeOver(held.text);
    }
    return false;
  }

  private holder(): { text: string; ageMs: number } | undefined {
    try {
      const ageMs = Date.now() - statSync(this.lockFile).mtimeMs;
      return { text: readFileSync(this.lockFile, "utf8"), ageMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /**
   * Removes an abandoned lock. It is renamed aside first (only one process can), then checked: if what
   * was moved is not the lock judged abandoned (its holder released it and another process took it in
   * between), it is put back where it was, unless yet another process holds the path by now.
   */
  private takeOver(abandonedText: string): void {
    const aside = `${this.lockFile}.${process.pid}.${randomUUID()}.stale`;
    try {
      renameSync(this.lockFile, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    try {
      const moved = readFileSync(aside, "utf8");
      if (moved !== abandonedText) {
        try {
          linkSync(aside, this.lockFile);
        } catch {
          // Another process took the path meanwhile: both hold it for one read and write at most.
        }
      } else {
        const [pid, host] = moved.split(" ");
        this.log(`rate budget: took over a lock left by process ${pid ?? "?"} on ${host ?? "?"}`);
      }
    } finally {
      rmSync(aside, { force: true });
    }
  }

  private unlock(): void {
    const token = this.token;
    this.token = undefined;
    try {
      // Only our own lock: if it was taken over (we held it for seconds), it is someone else's now.
      if (readFileSync(this.lockFile, "utf8") === token) rmSync(this.lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }

  private read(): number[] {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as { starts?: unknown };
      const starts = Array.isArray(parsed.starts) ? parsed.starts : [];
      return starts.filter((t): t is number => typeof t === "number" && Number.isFinite(t));
    } catch {
      // A file cut short by a crash between write and rename cannot happen (rename is atomic), but a
      // hand-edited one can: it is rewritten from what this process knows.
      this.log(`rate budget: ${this.file} was not readable JSON; starting it afresh`);
      return [];
    }
  }

  private write(starts: readonly number[]): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ starts }), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

/** A lock whose holder died on this machine, or that has been held far longer than it takes. */
function abandoned(text: string, ageMs: number): boolean {
  if (ageMs > STALE_LOCK_MS) return true;
  const [pid, host] = text.split(" ");
  if (host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
