// The iCalendar writer: escaping and folding, read back by an RFC 5545 parser (ical.js).
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { foldLine, icsDateTime, icsText, renderCalendar } from "../../provider/cli/render/ics.js";

describe("iCalendar text", () => {
  it("escapes TEXT values and folds lines at 75 octets without splitting a character", () => {
    expect(icsText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const line = `SUMMARY:${"Müller GmbH — ".repeat(10)}`;
    const folded = foldLine(line).split("\r\n");
    for (const part of folded) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(folded.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(icsDateTime(new Date("2026-12-07T10:46:05.123Z"))).toBe("20261207T104605Z");
  });

  it("a calendar with awkward text reads back exactly", () => {
    const summary =
      "Reduce or cancel: csp2-1a2b3c4d/100001 Exchange Online (Plan 1) (10 seats, Müller; Söhne)";
    const description = `Line one, with commas; semicolons\\ and a backslash.\nLine two: ${"é".repeat(90)}`;
    const text = renderCalendar({
      name: "Windows",
      description: "Assumed: a, b; c",
      stamp: new Date("2026-12-05T12:00:00Z"),
      events: [
        {
          uid: "csp2-1a2b3c4d-100001-20261201T085513Z@o365r",
          start: new Date("2026-12-01T08:55:13Z"),
          end: new Date("2026-12-08T08:55:13Z"),
          summary,
          description,
          alarmBeforeEnd: { hours: 24, description: "closes in 24 hours" },
        },
      ],
    });
    const calendar = new ICAL.Component(ICAL.parse(text));
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe(description);
    expect(event.startDate.toJSDate().toISOString()).toBe("2026-12-01T08:55:13.000Z");
    expect(event.endDate.toJSDate().toISOString()).toBe("2026-12-08T08:55:13.000Z");
    // An X- property is not typed TEXT for ical.js, so it comes back as written (escaped).
    expect(calendar.getFirstPropertyValue("x-wr-caldesc")).toBe("Assumed: a\\, b\\; c");
  });
});
