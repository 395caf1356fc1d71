/** The child's milestone lists as sections: each checklist reached, then the WHO motor items. */
import type { components } from "@/api/schema";
import { checklistAge } from "./labels";

type Milestones = components["schemas"]["PatientMilestonesRead"];
type Item = components["schemas"]["ItemStatusRead"];

export type Section = { key: string; title: string; items: Item[] };

export function milestoneSections(data: Milestones): Section[] {
  const sections: Section[] = [...data.checklists]
    .sort((a, b) => b.age_months - a.age_months)
    .map((c) => ({
      key: `cdc-${c.age_months}`,
      title: `${checklistAge(c.age_months)} checklist`,
      items: c.items,
    }));
  if (data.motor_milestones.length > 0) {
    sections.push({
      key: "who-motor",
      title: "WHO motor milestones",
      items: data.motor_milestones,
    });
  }
  return sections;
}

/** Open at first: the checklist for the child's current age (the latest one reached). */
export function defaultOpen(sections: Section[]): Set<string> {
  return new Set(sections.slice(0, 1).map((s) => s.key));
}
