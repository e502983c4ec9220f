// The log of API calls (`GET /_emulator/calls`), so tests can count what a client did: retries,
// lost answers, calls that never reached the API. In memory only, newest last, bounded.

export interface CallRecord {
  /** Real time the call arrived, ISO 8601. */
  at: string;
  method: string;
  /** The API path without `/1.0` and without the query (the form fault globs match). */
  path: string;
  /** The status answered; for `drop: "after"` the status the client never received; 0 for `drop: "before"`. */
  status: number;
  /** NIC handle of the credentials sent (not necessarily valid), or null. */
  account: string | null;
  query?: string;
  queryId: string;
  /** Id of the injected fault that fired on this call. */
  fault?: number;
  dropped?: "before" | "after";
}

const MAX_RECORDS = 50_000;

export class CallLog {
  private records: CallRecord[] = [];

  add(record: CallRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  list(): CallRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.records = [];
  }
}
