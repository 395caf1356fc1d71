/** Typed dates: "2026-03-12", "12 Mar 2026", "12/03/2026" (day first) to "2026-03-12". */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function iso(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects 31 Feb and the like: the Date would roll over into the next month.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return null;
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The ISO date a person typed, or null when it is not a date. */
export function parseTypedDate(text: string): string | null {
  const value = text.trim().toLowerCase();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{4})$/.exec(value);
  if (match) {
    const month = MONTHS.indexOf(match[2] ?? "");
    return month < 0 ? null : iso(Number(match[3]), month + 1, Number(match[1]));
  }
  match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(value);
  if (match) return iso(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}
