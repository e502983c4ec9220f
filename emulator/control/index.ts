// The runtime knobs of a running emulator (faults, latency, fair use, call log, conformance record): in
// memory, reset by a restart, unlike the business state.
import { CallLog } from "./call-log.js";
import { Conformance, type ConformanceMode } from "./conformance.js";
import { FairUse } from "./fair-use.js";
import { Faults } from "./faults.js";

export interface Control {
  faults: Faults;
  calls: CallLog;
  fairUse: FairUse;
  latencyMs: number;
  conformance: Conformance;
}

export function createControl(
  rateLimitPerMinute: number,
  latencyMs: number,
  conformance: ConformanceMode,
): Control {
  return {
    faults: new Faults(),
    calls: new CallLog(),
    fairUse: new FairUse(rateLimitPerMinute),
    latencyMs,
    conformance: new Conformance(conformance),
  };
}
