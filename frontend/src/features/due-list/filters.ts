/** The due list's filters, read from and written to the URL query (dashboard links use them). */

export type DueFilters = {
  from: string | null;
  to: string | null;
  status: "due" | "overdue" | null;
  vaccine_group: string | null;
  page: number;
};

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Filters from a URL query; anything malformed is ignored rather than sent to the API. */
export function readFilters(params: URLSearchParams): DueFilters {
  const date = (name: string) => {
    const value = params.get(name);
    return value && ISO.test(value) ? value : null;
  };
  const status = params.get("status");
  const page = Number(params.get("page"));
  return {
    from: date("from"),
    to: date("to"),
    status: status === "due" || status === "overdue" ? status : null,
    vaccine_group: params.get("vaccine_group")?.trim() || null,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The URL query for filters (empty ones left out; page 1 left out). */
export function writeFilters(filters: DueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", filters.to);
  if (filters.status) params.set("status", filters.status);
  if (filters.vaccine_group) params.set("vaccine_group", filters.vaccine_group);
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** The API's query for the filters (`format=csv` for the download, without paging). */
export function apiQuery(filters: DueFilters, format: "json" | "csv" = "json") {
  const query: Record<string, string> = {};
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.status) query.status = filters.status;
  if (filters.vaccine_group) query.vaccine_group = filters.vaccine_group;
  if (format === "csv") query.format = "csv";
  return query;
}
