// iCalendar (RFC 5545) text: one VCALENDAR of VEVENTs, CRLF line ends, lines folded at 75 octets,
// TEXT values escaped. Only what `o365r windows --ics` needs: UTC date-times, an alarm per event.

export interface CalendarEvent {
  /** Stable across runs, so that importing a newer file updates the event instead of adding one. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  /** A display alarm this long before the end (e.g. one day before a window closes). */
  alarmBeforeEnd?: { hours: number; description: string } | undefined;
}

export interface Calendar {
  name: string;
  description: string;
  /** DTSTAMP of every event: when the file was made. */
  stamp: Date;
  events: readonly CalendarEvent[];
}

/** `20261207T104600Z`. */
export function icsDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** RFC 5545 §3.3.11: backslash, semicolon and comma escaped, line breaks as `\n`. */
export function icsText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** RFC 5545 §3.1: content lines longer than 75 octets continue on lines starting with a space. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; each continuation 74 after its leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function renderCalendar(calendar: Calendar): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//o365-reseller//o365r windows//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${icsText(calendar.name)}`,
    `X-WR-CALDESC:${icsText(calendar.description)}`,
  ];
  for (const e of calendar.events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${icsText(e.uid)}`,
      `DTSTAMP:${icsDateTime(calendar.stamp)}`,
      `DTSTART:${icsDateTime(e.start)}`,
      `DTEND:${icsDateTime(e.end)}`,
      `SUMMARY:${icsText(e.summary)}`,
      `DESCRIPTION:${icsText(e.description)}`,
      "TRANSP:TRANSPARENT",
    );
    if (e.alarmBeforeEnd) {
      lines.push(
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        `TRIGGER;RELATED=END:-PT${e.alarmBeforeEnd.hours}H`,
        `DESCRIPTION:${icsText(e.alarmBeforeEnd.description)}`,
        "END:VALARM",
      );
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map((l) => `${foldLine(l)}\r\n`).join("");
}
