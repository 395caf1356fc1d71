/** The Conditions tab and the forecast's condition notes against a fake API. */
import { configure, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { components } from "@/api/schema";
import { apiError, calls, json, resetFakeApi, sent, serve } from "@/features/account/fakeApi";
import { makeUser, renderApp } from "@/test/render";

vi.mock("@/api/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/api/client")>();
  const { fakeFetch } = await import("@/features/account/fakeApi");
  return { ...original, api: original.createApiClient(fakeFetch) };
});
// jsdom has no FontFaceSet; Mantine's autosizing Textarea listens to it.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", {
    value: { addEventListener() {}, removeEventListener() {} },
  });
}
configure({ asyncUtilTimeout: 8000 });
vi.setConfig({ testTimeout: 30_000 });

type Condition = components["schemas"]["ConditionRead"];

const BASE = "/api/v1/patients/p1";
const STAFF = makeUser({ id: "s1", role: "staff" });

const patient = (status: "active" | "archived" = "active") => ({
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
  status,
  archived_reason: status === "archived" ? "moved away" : null,
  guardians: [],
  age: { years: 1, months: 3, days: 5 },
  created_at: "2025-03-12T00:00:00Z",
  updated_at: "2025-03-12T00:00:00Z",
});

const forecast = (measles: "not_complete" | "immune" = "not_complete") => ({
  schedule: "who",
  assessment_date: "2026-06-17",
  doses: [],
  vaccine_groups: [
    {
      vaccine_group: "Measles",
      status: measles,
      forecast: null,
      conditions: measles === "immune" ? ["1071"] : [],
    },
    { vaccine_group: "Rotavirus", status: "contraindicated", forecast: null, conditions: ["999"] },
  ],
  summary: { status: "up_to_date", next_due_date: null, overdue_vaccine_groups: [] },
});

function condition(overrides: Partial<Condition>): Condition {
  return {
    id: "k1",
    code: "1070",
    text: "Serologic evidence of HepB immunity",
    recorded_on: "2026-01-05",
    ends_on: null,
    recorded_by: "s1",
    notes: null,
    status: "active",
    end_reason: null,
    ...overrides,
  };
}

const ENDED = condition({
  id: "k0",
  code: "1071",
  text: "Laboratory evidence of Measles immunity",
  recorded_on: "2025-11-02",
  ends_on: "2025-12-01",
  status: "ended",
  end_reason: "Lab result withdrawn",
});

function serveChild(conditions: Condition[], status: "active" | "archived" = "active") {
  serve(`GET ${BASE}`, patient(status));
  serve(`GET ${BASE}/forecast`, forecast());
  serve(`GET ${BASE}/immunizations`, []);
  serve(`GET ${BASE}/conditions`, () => json(200, conditions));
  serve("GET /api/v1/clinic", { schedule_code: "who", timezone: "UTC" });
  serve("GET /api/v1/schedules/who/observations", [
    { code: "1070", text: "Serologic evidence of HepB immunity" },
    { code: "1071", text: "Laboratory evidence of Measles immunity" },
  ]);
}

const reads = (path: string) => calls.filter((c) => c.method === "GET" && c.path === path).length;

async function conditionRows() {
  const table = await screen.findByRole("table", { name: "Conditions" });
  return within(table).getAllByRole("row").slice(1);
}

beforeEach(() => resetFakeApi());

describe("a child's conditions", () => {
  it("lists active conditions first, then ended ones, with End on active ones only", async () => {
    serveChild([ENDED, condition({ notes: "Titre 2026-01" })]);
    renderApp("/children/p1?tab=conditions", { user: STAFF });
    const [first, second] = await conditionRows();
    expect(first).toHaveTextContent("Serologic evidence of HepB immunity");
    expect(first).toHaveTextContent("Active");
    expect(first).toHaveTextContent("5 Jan 2026");
    expect(first).toHaveTextContent("Titre 2026-01");
    expect(second).toHaveTextContent("Laboratory evidence of Measles immunity");
    expect(second).toHaveTextContent("Ended");
    expect(second).toHaveTextContent("1 Dec 2025");
    expect(second).toHaveTextContent("Ended: Lab result withdrawn");
    expect(
      within(first as HTMLElement).getByRole("button", {
        name: "End Serologic evidence of HepB immunity",
      }),
    ).toBeVisible();
    expect(within(second as HTMLElement).queryByRole("button")).toBeNull();
    expect(screen.getByRole("button", { name: "Record a condition" })).toBeEnabled();
  });

  it("records a condition picked by its words, dated the clinic's today, then refreshes", async () => {
    const user = userEvent.setup();
    const list: Condition[] = [];
    serveChild(list);
    serve(`POST ${BASE}/conditions`, () => {
      const added = condition({
        id: "k2",
        code: "1071",
        text: ENDED.text,
        recorded_on: "2026-06-17",
      });
      list.push(added);
      return json(201, added);
    });
    renderApp("/children/p1?tab=conditions", { user: STAFF });
    await user.click(await screen.findByRole("button", { name: "Record a condition" }));
    const dialog = await screen.findByRole("dialog", { name: "Record a condition" });
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/Recorded on/)).toHaveValue("17 Jun 2026"),
    );
    await user.type(within(dialog).getByRole("combobox", { name: /Condition/ }), "measles");
    await user.click(
      // The dropdown's opening transition never ends in jsdom (display: none): hidden: true.
      await screen.findByRole("option", {
        hidden: true,
        name: "Laboratory evidence of Measles immunity (code 1071)",
      }),
    );
    await user.type(within(dialog).getByLabelText("Notes"), "Titre positive");
    const forecastReads = reads(`${BASE}/forecast`);
    await user.click(within(dialog).getByRole("button", { name: "Save condition" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(sent("POST", `${BASE}/conditions`)).toEqual([
      { code: "1071", recorded_on: "2026-06-17", notes: "Titre positive" },
    ]);
    const [row] = await conditionRows();
    expect(row).toHaveTextContent("Laboratory evidence of Measles immunity");
    // The server recomputed the forecast: the page reads it again.
    await waitFor(() => expect(reads(`${BASE}/forecast`)).toBeGreaterThan(forecastReads));
  });

  it("says plainly when the condition is already active (409), keeping the dialog open", async () => {
    const user = userEvent.setup();
    serveChild([condition({})]);
    serve(`POST ${BASE}/conditions`, () =>
      apiError(
        409,
        "duplicate_condition",
        "This condition is already active on the child's record",
        {
          existing_id: "k1",
        },
      ),
    );
    renderApp("/children/p1?tab=conditions", { user: STAFF });
    await user.click(await screen.findByRole("button", { name: "Record a condition" }));
    const dialog = await screen.findByRole("dialog", { name: "Record a condition" });
    await user.type(within(dialog).getByRole("combobox", { name: /Condition/ }), "HepB");
    await user.click(
      // The dropdown's opening transition never ends in jsdom (display: none): hidden: true.
      await screen.findByRole("option", {
        hidden: true,
        name: "Serologic evidence of HepB immunity (code 1070)",
      }),
    );
    await user.click(within(dialog).getByRole("button", { name: "Save condition" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("Already active on this child's record");
    expect(alert).toHaveTextContent("This condition is already active on the child's record");
    expect(dialog).toBeVisible();
  });

  it("ends an active condition with a reason; it stays listed as ended", async () => {
    const user = userEvent.setup();
    const list = [condition({})];
    serveChild(list);
    serve(`POST ${BASE}/conditions/k1/end`, () => {
      list[0] = condition({
        status: "ended",
        ends_on: "2026-06-17",
        end_reason: "Entered for the wrong child",
      });
      return json(200, list[0]);
    });
    renderApp("/children/p1?tab=conditions", { user: makeUser({ role: "admin" }) });
    await user.click(
      await screen.findByRole("button", { name: "End Serologic evidence of HepB immunity" }),
    );
    const dialog = await screen.findByRole("dialog", { name: "End the condition" });
    await waitFor(() =>
      expect(within(dialog).getByLabelText("End date")).toHaveValue("17 Jun 2026"),
    );
    await user.type(within(dialog).getByLabelText("Reason"), "Entered for the wrong child");
    await user.click(within(dialog).getByRole("button", { name: "End condition" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(sent("POST", `${BASE}/conditions/k1/end`)).toEqual([
      { ends_on: "2026-06-17", reason: "Entered for the wrong child" },
    ]);
    await waitFor(async () => expect((await conditionRows())[0]).toHaveTextContent("Ended"));
    expect(screen.queryByRole("button", { name: /^End / })).toBeNull();
  });

  it("is read-only on an archived record", async () => {
    serveChild([condition({}), ENDED], "archived");
    renderApp("/children/p1?tab=conditions", { user: STAFF });
    const rows = await conditionRows();
    expect(rows).toHaveLength(2);
    expect(screen.queryByRole("button", { name: "Record a condition" })).toBeNull();
    expect(screen.queryByRole("button", { name: /^End / })).toBeNull();
  });
});

describe("the forecast's conditions", () => {
  it("shows immune and contraindicated groups with the conditions' words", async () => {
    serveChild([]);
    serve(`GET ${BASE}/forecast`, forecast("immune"));
    renderApp("/children/p1?tab=forecast", { user: STAFF });
    const table = await screen.findByRole("table", { name: "Forecast" });
    const measles = within(table).getByRole("row", { name: /^Measles/ });
    expect(measles).toHaveTextContent("Immune");
    expect(
      await within(measles).findByText("Because of: Laboratory evidence of Measles immunity"),
    ).toBeVisible();
    const rota = within(table).getByRole("row", { name: /^Rotavirus/ });
    expect(rota).toHaveTextContent("Contraindicated");
    // A code the schedule does not name still says something.
    expect(rota).toHaveTextContent("Because of: condition 999");
  });
});
