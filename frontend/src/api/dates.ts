/** One way to show dates everywhere ("12 Mar 2026") and times in the clinic's timezone. */

// Month names spelled here: Intl's en-GB short month for September is "Sept" on some ICU versions.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(instant: Date, timeZone: string) {
  const formatter = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) out[part.type] = part.value;
  return out;
}

function dayMonthYear(day: number, month: number, year: number): string {
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/**
 * A date as "12 Mar 2026". An ISO date ("2026-03-12") is shown as written, never shifted by a
 * timezone; an instant is shown as the date in `timeZone` (default UTC).
 */
export function formatDate(
  value: string | Date | null | undefined,
  timeZone = "UTC",
  empty = "—",
): string {
  if (value === null || value === undefined || value === "") return empty;
  if (typeof value === "string") {
    const match = DATE_ONLY.exec(value);
    if (match) return dayMonthYear(Number(match[3]), Number(match[2]), Number(match[1]));
  }
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return empty;
  const p = parts(instant, timeZone);
  return dayMonthYear(Number(p.day), Number(p.month), Number(p.year));
}

/** An instant as "12 Mar 2026, 14:05" in the given timezone (the clinic's). */
export function formatDateTime(
  value: string | Date | null | undefined,
  timeZone: string,
  empty = "—",
): string {
  if (value === null || value === undefined || value === "") return empty;
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return empty;
  const p = parts(instant, timeZone);
  return `${dayMonthYear(Number(p.day), Number(p.month), Number(p.year))}, ${p.hour}:${p.minute}`;
}
