import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./dates";

describe("formatDate", () => {
  it("shows an ISO date as written, whatever the timezone", () => {
    expect(formatDate("2026-03-12")).toBe("12 Mar 2026");
    expect(formatDate("2024-02-29", "Pacific/Honolulu")).toBe("29 Feb 2024");
    expect(formatDate("2026-09-01")).toBe("1 Sep 2026");
  });

  it("shows an instant as the date in the given timezone", () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Nairobi (UTC+3).
    expect(formatDate("2025-12-31T23:30:00Z", "Africa/Nairobi")).toBe("1 Jan 2026");
    expect(formatDate("2025-12-31T23:30:00Z")).toBe("31 Dec 2025");
  });

  it("shows a dash for nothing and for nonsense", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDate("not a date")).toBe("—");
  });
});

describe("formatDateTime", () => {
  it("shows the time in the clinic's timezone on a 24-hour clock", () => {
    expect(formatDateTime("2026-03-12T13:05:00Z", "Europe/London")).toBe("12 Mar 2026, 13:05");
    expect(formatDateTime("2026-07-12T13:05:00Z", "Europe/London")).toBe("12 Jul 2026, 14:05");
    expect(formatDateTime("2026-03-12T23:59:00Z", "America/New_York")).toBe("12 Mar 2026, 19:59");
    expect(formatDateTime("2026-03-12T00:00:00Z", "UTC")).toBe("12 Mar 2026, 00:00");
  });
});
