import { describe, expect, it } from "vitest";
import { safeNext, signInPath } from "./navigation";

describe("safeNext", () => {
  it("keeps same-origin paths", () => {
    expect(safeNext("/children/1?tab=forecast", "/dashboard")).toBe("/children/1?tab=forecast");
  });

  it("refuses other origins and odd values", () => {
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", "", null]) {
      expect(safeNext(bad, "/dashboard")).toBe("/dashboard");
    }
  });

  it("builds the sign-in link", () => {
    expect(signInPath("/due-list?window=30")).toBe("/sign-in?next=%2Fdue-list%3Fwindow%3D30");
    expect(signInPath("")).toBe("/sign-in");
  });
});
