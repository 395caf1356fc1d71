/** The printable immunization record of one child, for the clinic and for parents. */
import { Button, Group, Text, Title } from "@mantine/core";
import { Link, useParams } from "react-router";
import { formatDate } from "@/api/dates";
import { apiErrorCode } from "@/api/errors";
import { NotAvailablePage } from "@/app/guards";
import { isClinicRole, useUser } from "@/app/session";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { useChild, useChildClinic, useForecast, useRecords } from "@/portal/queries";
import { groupName, upcomingVaccines, validDoses } from "@/portal/words";
import "./print.css";

const UPCOMING_STATE = { overdue: "Overdue", due: "Due now", next: "Next" } as const;

export default function PrintRecordPage() {
  const { id = "" } = useParams();
  const user = useUser();
  const child = useChild(id);
  const clinic = useChildClinic(id);
  const records = useRecords(id);
  const forecast = useForecast(id);
  const back = isClinicRole(user.role) ? `/children/${id}` : `/portal/children/${id}`;

  const error = child.error ?? clinic.error ?? records.error ?? forecast.error;
  if (error) {
    if ((apiErrorCode(error) ?? "").endsWith("not_found")) return <NotAvailablePage />;
    return <ErrorAlert error={error} />;
  }
  if (!child.data || !clinic.data || !records.data || !forecast.data) {
    return <LoadingState label="Preparing the record" fullPage />;
  }
  const c = child.data;
  const doses = validDoses(records.data);
  const upcoming = upcomingVaccines(forecast.data);
  return (
    <main className="print-record">
      <Group
        justify="space-between"
        align="flex-end"
        pb="sm"
        mb="md"
        style={{ borderBottom: `6px solid ${clinic.data.primary_color}` }}
      >
        <div>
          <Text fw={700} size="lg">
            {clinic.data.name}
          </Text>
          <Text size="sm">
            {[clinic.data.address, clinic.data.phone, clinic.data.email]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        </div>
        <Group gap="xs" className="no-print">
          <Button component={Link} to={back} variant="default">
            Back
          </Button>
          <Button onClick={() => window.print()}>Print</Button>
        </Group>
      </Group>
      <Title order={1} size="h2">
        Immunization record: {c.first_name} {c.last_name}
      </Title>
      <Text>Date of birth: {formatDate(c.date_of_birth)}</Text>
      <Text mb="md">Printed: {formatDate(forecast.data.assessment_date)}</Text>

      <Title order={2} size="h4" mt="md" mb="xs">
        Vaccines given
      </Title>
      {doses.length === 0 ? (
        <Text>No vaccines recorded.</Text>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Vaccine</th>
              <th scope="col">Lot</th>
              <th scope="col">Clinic</th>
            </tr>
          </thead>
          <tbody>
            {doses.map((dose) => (
              <tr key={dose.id}>
                <td>{formatDate(dose.date_administered)}</td>
                <td>
                  {dose.vaccine_name ?? dose.cvx}
                  {dose.vaccine_groups.length > 0 && (
                    <Text size="xs">{dose.vaccine_groups.map(groupName).join(", ")}</Text>
                  )}
                </td>
                <td>{dose.lot_number ?? "—"}</td>
                <td>
                  {dose.source === "administered" ? clinic.data.name : "Given elsewhere (recorded)"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Title order={2} size="h4" mt="lg" mb="xs">
        Next vaccines due
      </Title>
      {upcoming.length === 0 ? (
        <Text>None due.</Text>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Vaccine</th>
              <th scope="col">Status</th>
              <th scope="col">Recommended</th>
              <th scope="col">Earliest</th>
            </tr>
          </thead>
          <tbody>
            {upcoming.map((row) => (
              <tr key={row.group}>
                <td>
                  {groupName(row.group)}
                  {row.dose.dose_number ? ` (dose ${row.dose.dose_number})` : ""}
                </td>
                <td>{UPCOMING_STATE[row.state]}</td>
                <td>{formatDate(row.dose.recommended_date)}</td>
                <td>{formatDate(row.dose.earliest_date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Text size="xs" mt="lg">
        Printed from Health Passport. Doses that did not count are left out; ask {clinic.data.name}{" "}
        for the full history.
      </Text>
    </main>
  );
}
