import { describe, expect, it } from "vitest";
import { existingId, numberOrNull, textOrNull } from "./form-values";

describe("form values", () => {
  it("sends a blank field as null and trims text", () => {
    expect(textOrNull("  ")).toBeNull();
    expect(textOrNull(undefined)).toBeNull();
    expect(textOrNull(" A-12 ")).toBe("A-12");
  });

  it("reads numbers and leaves blanks null", () => {
    expect(numberOrNull("")).toBeNull();
    expect(numberOrNull("0.5")).toBe(0.5);
    expect(numberOrNull(38)).toBe(38);
    expect(numberOrNull("abc")).toBeNull();
  });

  it("finds the existing record a duplicate answer names", () => {
    const conflict = {
      error: { code: "probable_duplicate", message: "m", details: { existing_id: "abc" } },
    };
    expect(existingId(conflict)).toBe("abc");
    expect(existingId({ error: { code: "x", message: "m", details: [] } })).toBeNull();
    expect(existingId(new Error("no"))).toBeNull();
  });
});
