// Durable state: the whole state is written as one JSON snapshot after each mutation, to a temp
// file that is fsynced and then renamed over the previous one. A crash at any point leaves either the
// old or the new snapshot, never a torn one, and an answer is only sent after its change is on disk.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { emptyState, STATE_VERSION, type State } from "./state.js";

const FILE = "state.json";

export class Store {
  readonly state: State;
  private dirty = false;

  private constructor(
    readonly dir: string,
    state: State,
  ) {
    this.state = state;
  }

  /** Opens the store in `dir`, restoring the snapshot found there or starting empty. */
  static open(dir: string): Store {
    mkdirSync(dir, { recursive: true });
    let text: string | null = null;
    try {
      text = readFileSync(join(dir, FILE), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (text === null) {
      const store = new Store(dir, emptyState());
      store.changed();
      store.flush();
      return store;
    }
    const state = JSON.parse(text) as State;
    if (state.version !== STATE_VERSION) {
      throw new Error(
        `${join(dir, FILE)} has state version ${state.version}, this emulator reads ${STATE_VERSION}: use another --data directory.`,
      );
    }
    return new Store(dir, state);
  }

  /** Marks the state as modified; `flush` writes it. */
  changed(): void {
    this.dirty = true;
  }

  /** Writes the snapshot if anything changed since the last write. */
  flush(): void {
    if (!this.dirty) return;
    const target = join(this.dir, FILE);
    const temp = `${target}.${process.pid}.tmp`;
    const fd = openSync(temp, "w");
    try {
      writeSync(fd, JSON.stringify(this.state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    syncDirectory(this.dir);
    this.dirty = false;
  }
}

/** Makes the rename itself durable; some platforms cannot open a directory, which is harmless there. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Not supported (e.g. Windows): the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
