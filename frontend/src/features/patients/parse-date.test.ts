import { describe, expect, it } from "vitest";
import { parseTypedDate } from "./parse-date";

describe("parseTypedDate", () => {
  it("reads the ISO form, the shown form and day-first numbers", () => {
    expect(parseTypedDate("2026-03-12")).toBe("2026-03-12");
    expect(parseTypedDate("12 Mar 2026")).toBe("2026-03-12");
    expect(parseTypedDate(" 1 september 2025 ")).toBe("2025-09-01");
    expect(parseTypedDate("12/03/2026")).toBe("2026-03-12");
  });

  it("refuses what is not a calendar date", () => {
    expect(parseTypedDate("31 Feb 2026")).toBeNull();
    expect(parseTypedDate("2026-13-01")).toBeNull();
    expect(parseTypedDate("12 Foo 2026")).toBeNull();
    expect(parseTypedDate("yesterday")).toBeNull();
  });
});
