import { describe, expect, it } from "vitest";
import { apiErrorText, fieldErrors } from "./errors";

describe("apiErrorText", () => {
  it("uses the API's message", () => {
    const error = { error: { code: "not_found", message: "Patient not found", details: null } };
    expect(apiErrorText(error)).toBe("Patient not found");
  });

  it("adds the validation problems with their fields", () => {
    const error = {
      error: {
        code: "validation_error",
        message: "The request is not valid",
        details: [
          { loc: ["body", "email"], msg: "value is not a valid email address", type: "x" },
          { loc: ["body"], msg: "The body is not valid JSON", type: "json_invalid" },
        ],
      },
    };
    expect(apiErrorText(error)).toBe(
      "The request is not valid. Email: value is not a valid email address; The body is not valid JSON",
    );
  });

  it("explains a network failure and unknown values", () => {
    expect(apiErrorText(new TypeError("Failed to fetch"))).toMatch(/Cannot reach the server/);
    expect(apiErrorText(undefined)).toBe("Something went wrong. Please try again.");
    expect(apiErrorText("<html>")).toBe("Something went wrong. Please try again.");
  });
});

describe("fieldErrors", () => {
  it("maps validation locations to form paths", () => {
    const error = {
      error: {
        code: "validation_error",
        message: "The request is not valid",
        details: [
          { loc: ["body", "guardians", 0, "email"], msg: "value is not a valid email" },
          { loc: ["body", "date_of_birth"], msg: "in the future" },
        ],
      },
    };
    expect(fieldErrors(error)).toEqual({
      "guardians.0.email": "Value is not a valid email",
      date_of_birth: "In the future",
    });
  });

  it("uses the message for a domain error that names its field", () => {
    const error = {
      error: {
        code: "invalid_record_date",
        message: "date_administered is in the future",
        details: { field: "date_administered" },
      },
    };
    expect(fieldErrors(error)).toEqual({ date_administered: "date_administered is in the future" });
  });

  it("is empty for errors without fields", () => {
    expect(
      fieldErrors({ error: { code: "x", message: "y", details: { existing_id: "1" } } }),
    ).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});
