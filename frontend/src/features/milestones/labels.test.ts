import { describe, expect, it } from "vitest";
import { checklistAge } from "./labels";

describe("checklistAge", () => {
  it("names whole years in years and the rest in months", () => {
    expect(checklistAge(2)).toBe("2 months");
    expect(checklistAge(1)).toBe("1 month");
    expect(checklistAge(12)).toBe("1 year");
    expect(checklistAge(18)).toBe("18 months");
    expect(checklistAge(36)).toBe("3 years");
  });
});
