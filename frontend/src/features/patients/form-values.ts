/** Form strings to request values: a blank optional field is sent as null, numbers as numbers. */

/** The trimmed text, or null when nothing was typed. */
export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? "").trim();
  return trimmed ? trimmed : null;
}

/** A number typed into a field, or null when blank. */
export function numberOrNull(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** The `details.existing_id` a 409 duplicate answer names, if any. */
export function existingId(error: unknown): string | null {
  if (typeof error !== "object" || error === null || !("error" in error)) return null;
  const details = (error as { error: { details?: unknown } }).error.details;
  if (typeof details !== "object" || details === null || Array.isArray(details)) return null;
  const id = (details as { existing_id?: unknown }).existing_id;
  return typeof id === "string" ? id : null;
}
