/** Verify health card: paste a card's `shc:/` text; the API says valid or not, and why. */
import { Alert, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { fieldErrors, unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { ErrorAlert } from "@/components/ErrorAlert";
import { PageHeader } from "@/components/PageHeader";
import { NoticeAlert } from "@/features/account/NoticeAlert";
import { fhirDateText, reasonText } from "./cardReasons";

type Result = components["schemas"]["VerifyResult"];

function Outcome({ result }: { result: Result }) {
  if (!result.valid) {
    return (
      <Alert color="red" title="Not a valid health card" role="status">
        {reasonText(result.reason)}
        {result.issuer && <Text size="sm">Issuer named in the card: {result.issuer}</Text>}
      </Alert>
    );
  }
  return (
    <Stack>
      <NoticeAlert title="Valid health card" role="status">
        Signed by {result.issuer ?? "a trusted issuer"}.
      </NoticeAlert>
      {result.patient && (
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            {result.patient.name}
          </Title>
          <Text size="sm">
            Born {fhirDateText(result.patient.birth_date, (d) => formatDate(d))}
          </Text>
        </Paper>
      )}
      <Table.ScrollContainer minWidth={360}>
        <Table striped captionSide="top">
          <Table.Caption>Doses on the card</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Date</Table.Th>
              <Table.Th scope="col">Vaccine (CVX)</Table.Th>
              <Table.Th scope="col">Lot</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.immunizations.map((dose, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: doses on a card have no id
              <Table.Tr key={index}>
                <Table.Td>{formatDate(dose.date)}</Table.Td>
                <Table.Td>{dose.cvx ?? "—"}</Table.Td>
                <Table.Td>{dose.lot ?? "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

export default function VerifyCardPage() {
  const form = useForm({
    initialValues: { shc: "" },
    validate: { shc: (v) => (v.trim() ? null : "Paste the card's shc:/ text") },
  });
  const verify = useMutation({
    mutationFn: async (shc: string) =>
      unwrap(await api.POST("/api/v1/health-cards/verify", { body: { shc } })),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  return (
    <>
      <PageHeader
        title="Verify health card"
        description="Check a SMART Health Card someone shows you, e.g. from another clinic."
      />
      <Stack maw={720}>
        <form onSubmit={form.onSubmit((values) => verify.mutate(values.shc.trim()))} noValidate>
          <Stack>
            <Textarea
              label="Card text"
              description="The shc:/ text read from the QR code (several chunks: one per line)"
              autosize
              minRows={4}
              maxRows={12}
              spellCheck={false}
              {...form.getInputProps("shc")}
            />
            <Group>
              <Button type="submit" loading={verify.isPending}>
                Verify card
              </Button>
            </Group>
          </Stack>
        </form>
        <ErrorAlert error={verify.error} title="Could not verify the card" />
        {verify.data && <Outcome result={verify.data} />}
      </Stack>
    </>
  );
}
