/** The profile form's values from a child's record, and where a reloaded record differs. */
import { formatDate } from "@/api/dates";
import type { components } from "@/api/schema";

type Patient = components["schemas"]["PatientRead"];

export type ProfileValues = {
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  sex: string;
  medical_record_number: string;
  gestational_age_weeks: string | number;
  address: string;
  notes: string;
};

export function profileValues(patient: Patient): ProfileValues {
  return {
    first_name: patient.first_name,
    last_name: patient.last_name,
    date_of_birth: patient.date_of_birth,
    sex: patient.sex,
    medical_record_number: patient.medical_record_number ?? "",
    gestational_age_weeks: patient.gestational_age_weeks ?? "",
    address: patient.address ?? "",
    notes: patient.notes ?? "",
  };
}

const LABELS: [keyof ProfileValues, string][] = [
  ["first_name", "First name"],
  ["last_name", "Last name"],
  ["date_of_birth", "Date of birth"],
  ["sex", "Sex"],
  ["medical_record_number", "Medical record number"],
  ["gestational_age_weeks", "Gestational age"],
  ["address", "Address"],
  ["notes", "Notes"],
];

function shown(key: keyof ProfileValues, value: string | number | null): string {
  const text = String(value ?? "").trim();
  return key === "date_of_birth" && text ? formatDate(text) : text;
}

/** The fields whose saved value is not what is typed, both as shown. */
export function profileChanges(saved: Patient, typed: ProfileValues) {
  const current = profileValues(saved);
  return LABELS.filter(([key]) => shown(key, current[key]) !== shown(key, typed[key])).map(
    ([key, label]) => ({ label, saved: shown(key, current[key]), typed: shown(key, typed[key]) }),
  );
}
