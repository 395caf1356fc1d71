/** "Add child": the child and guardians; a probable duplicate offers the existing record. */
import {
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api } from "@/api/client";
import { apiErrorCode, fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { DateField } from "./DateField";
import { existingId, numberOrNull, textOrNull } from "./form-values";
import { emptyGuardian, GuardianFields, type GuardianValues, guardianBody } from "./GuardianFields";
import { options, SEXES } from "./labels";
import { Notice } from "./Notice";
import { patientKeys } from "./queries";

type Values = {
  first_name: string;
  last_name: string;
  date_of_birth: string | null;
  sex: string;
  medical_record_number: string;
  gestational_age_weeks: string | number;
  address: string;
  notes: string;
  guardians: GuardianValues[];
};

const initialValues: Values = {
  first_name: "",
  last_name: "",
  date_of_birth: null,
  sex: "unknown",
  medical_record_number: "",
  gestational_age_weeks: "",
  address: "",
  notes: "",
  guardians: [emptyGuardian(true)],
};

export function AddChildModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues,
    validate: {
      first_name: (v) => (v.trim() ? null : "Enter the first name"),
      last_name: (v) => (v.trim() ? null : "Enter the last name"),
      date_of_birth: (v) => (v ? null : "Enter the date of birth"),
    },
  });

  const create = useMutation({
    mutationFn: async ({ values, allowDuplicate }: { values: Values; allowDuplicate: boolean }) =>
      unwrap(
        await api.POST("/api/v1/patients", {
          params: { query: { allow_duplicate: allowDuplicate } },
          body: {
            first_name: values.first_name.trim(),
            last_name: values.last_name.trim(),
            date_of_birth: values.date_of_birth ?? "",
            sex: values.sex as (typeof SEXES)[number],
            medical_record_number: textOrNull(values.medical_record_number),
            gestational_age_weeks: numberOrNull(values.gestational_age_weeks),
            address: textOrNull(values.address),
            notes: textOrNull(values.notes),
            guardians: values.guardians.map(guardianBody),
          },
        }),
      ),
    onSuccess: (child) => {
      queryClient.invalidateQueries({ queryKey: patientKeys.all });
      notifications.show({
        color: "green",
        message: `${child.first_name} ${child.last_name} added`,
      });
      close();
      navigate(`/children/${child.id}`);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  function close() {
    form.reset();
    create.reset();
    onClose();
  }

  const duplicate = apiErrorCode(create.error) === "probable_duplicate";
  const existing = existingId(create.error);

  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened={opened}
      onClose={close}
      title="Add child"
      size="lg"
    >
      <form onSubmit={form.onSubmit((values) => create.mutate({ values, allowDuplicate: false }))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="First name" required {...form.getInputProps("first_name")} />
            <TextInput label="Last name" required {...form.getInputProps("last_name")} />
            <DateField label="Date of birth" required {...form.getInputProps("date_of_birth")} />
            <Select
              label="Sex"
              required
              allowDeselect={false}
              data={options(SEXES)}
              {...form.getInputProps("sex")}
            />
            <TextInput
              label="Medical record number"
              {...form.getInputProps("medical_record_number")}
            />
            <NumberInput
              label="Gestational age at birth (weeks)"
              min={20}
              max={45}
              {...form.getInputProps("gestational_age_weeks")}
            />
          </SimpleGrid>
          <TextInput label="Address" {...form.getInputProps("address")} />
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps("notes")} />
          {form.values.guardians.map((_, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: guardians being typed have no id yet
            <Stack key={index} gap="xs">
              <Divider
                label={`Guardian ${index + 1}`}
                labelPosition="left"
                styles={{ label: { color: "var(--mantine-color-text)" } }}
              />
              <GuardianFields form={form} prefix={`guardians.${index}`} />
              {form.values.guardians.length > 1 && (
                <Group justify="flex-end">
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    onClick={() => form.removeListItem("guardians", index)}
                  >
                    Remove guardian {index + 1}
                  </Button>
                </Group>
              )}
            </Stack>
          ))}
          <Group>
            <Button
              variant="default"
              size="xs"
              onClick={() => form.insertListItem("guardians", emptyGuardian(false))}
            >
              Add another guardian
            </Button>
          </Group>
          {duplicate ? (
            <Notice color="yellow" title="This child may already be registered" role="alert">
              <Text size="sm" mb="sm">
                A child with the same name and date of birth is already on the clinic's list.
              </Text>
              <Group>
                {existing && (
                  <Button
                    variant="default"
                    onClick={() => {
                      close();
                      navigate(`/children/${existing}`);
                    }}
                  >
                    Open the existing record
                  </Button>
                )}
                <Button
                  loading={create.isPending}
                  onClick={() => create.mutate({ values: form.getValues(), allowDuplicate: true })}
                >
                  Create anyway
                </Button>
              </Group>
            </Notice>
          ) : (
            <ErrorAlert error={create.error} title="The child was not added" />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Save child
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
