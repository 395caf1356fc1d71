import { describe, expect, it } from "vitest";
import type { components } from "@/api/schema";
import { defaultOpen, milestoneSections } from "./sections";

type Item = components["schemas"]["ItemStatusRead"];

const item = (code: string): Item => ({
  code,
  domain: "Movement",
  text: code,
  source: "cdc",
  revision: "2022",
  status: null,
  observation: null,
});

describe("milestoneSections", () => {
  it("lists the latest checklist first, the WHO items last, and opens the latest", () => {
    const sections = milestoneSections({
      patient_id: "p1",
      as_of: "2026-06-17",
      date_of_birth: "2025-06-17",
      age_used: "chronological",
      age: { months: 12, days: 0 },
      chronological_age: { months: 12, days: 0 },
      checklists: [
        { age_months: 6, items: [item("a")] },
        { age_months: 12, items: [item("b"), item("c")] },
        { age_months: 9, items: [item("d")] },
      ],
      motor_milestones: [item("walk")],
      concerns: [],
    });
    expect(sections.map((s) => s.title)).toEqual([
      "1 year checklist",
      "9 months checklist",
      "6 months checklist",
      "WHO motor milestones",
    ]);
    expect([...defaultOpen(sections)]).toEqual(["cdc-12"]);
  });
});
