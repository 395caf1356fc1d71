import { describe, expect, it } from "vitest";
import type { components } from "@/api/schema";
import { profileChanges, profileValues } from "./profile-values";

const patient: components["schemas"]["PatientRead"] = {
  id: "p1",
  clinic_id: "c1",
  first_name: "Amina",
  last_name: "Okafor",
  date_of_birth: "2025-03-12",
  sex: "female",
  medical_record_number: null,
  gestational_age_weeks: null,
  address: null,
  notes: null,
  status: "active",
  archived_reason: null,
  guardians: [],
  age: { years: 1, months: 3, days: 5 },
  created_at: "2025-03-12T00:00:00Z",
  updated_at: "2025-03-12T00:00:00Z",
};

describe("profileChanges", () => {
  it("is empty when the form holds the saved record", () => {
    expect(profileChanges(patient, profileValues(patient))).toEqual([]);
  });

  it("names each field that differs, dates as shown", () => {
    const typed = { ...profileValues(patient), last_name: "Okafor-Bello", notes: " " };
    const saved = { ...patient, date_of_birth: "2025-03-13" };
    expect(profileChanges(saved, typed)).toEqual([
      { label: "Last name", saved: "Okafor", typed: "Okafor-Bello" },
      { label: "Date of birth", saved: "13 Mar 2025", typed: "12 Mar 2025" },
    ]);
  });
});
