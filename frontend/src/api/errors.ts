/** Words for the API's one error shape `{"error": {"code", "message", "details"}}`. */

export type ApiErrorBody = {
  error: { code: string; message: string; details?: unknown };
};

const FALLBACK = "Something went wrong. Please try again.";

/** Whether a value is the API's error shape. */
export function isApiError(value: unknown): value is ApiErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const inner = (value as { error: unknown }).error;
  return (
    typeof inner === "object" &&
    inner !== null &&
    typeof (inner as { message?: unknown }).message === "string"
  );
}

/** The error's code (e.g. "patient_duplicate"), or null for anything else. */
export function apiErrorCode(error: unknown): string | null {
  return isApiError(error) ? error.error.code : null;
}

type Issue = { loc?: unknown; msg?: unknown };

function issues(details: unknown): Issue[] {
  return Array.isArray(details) ? details.filter((d) => typeof d === "object" && d !== null) : [];
}

/** A location like ["body", "guardians", 0, "email"] as a form path "guardians.0.email". */
function fieldPath(loc: unknown): string | null {
  if (!Array.isArray(loc)) return null;
  const parts = loc[0] === "body" || loc[0] === "query" || loc[0] === "path" ? loc.slice(1) : loc;
  return parts.length ? parts.map(String).join(".") : null;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed ? trimmed[0]?.toUpperCase() + trimmed.slice(1) : trimmed;
}

/** The words to show for an error: the API's message, with field problems when there are some. */
export function apiErrorText(error: unknown): string {
  if (error instanceof TypeError) return "Cannot reach the server. Check the connection and retry.";
  if (!isApiError(error)) {
    return error instanceof Error && error.message ? error.message : FALLBACK;
  }
  const { message, details } = error.error;
  const problems = issues(details)
    .map((issue) => {
      const path = fieldPath(issue.loc);
      const msg = typeof issue.msg === "string" ? issue.msg : "";
      if (!msg) return null;
      return path ? `${path}: ${msg}` : msg;
    })
    .filter((p): p is string => p !== null);
  return problems.length ? `${message}. ${problems.map(sentence).join("; ")}` : message;
}

/** Field messages for Mantine's `form.setErrors`, from the error's `details`. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!isApiError(error)) return {};
  const { message, details } = error.error;
  const result: Record<string, string> = {};
  for (const issue of issues(details)) {
    const path = fieldPath(issue.loc);
    if (path && typeof issue.msg === "string" && !(path in result)) {
      result[path] = sentence(issue.msg);
    }
  }
  // Domain errors name their field as {"field": "date_of_birth"}.
  if (typeof details === "object" && details !== null && !Array.isArray(details)) {
    const field = (details as { field?: unknown }).field;
    if (typeof field === "string") result[field] = message;
  }
  return result;
}

/** Throw the API's error so TanStack Query sees a failure: `unwrap(await api.GET(...))`. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw result.error ?? { error: { code: "http_error", message: result.response.statusText } };
  }
  return result.data as T;
}
