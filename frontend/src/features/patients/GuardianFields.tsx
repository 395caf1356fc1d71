/** The fields of one guardian (add child, add or edit a guardian). */
import { Checkbox, Group, Select, SimpleGrid, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { options, RELATIONSHIPS } from "./labels";

export type GuardianValues = {
  name: string;
  relationship: string;
  email: string;
  phone: string;
  is_primary: boolean;
  invite: boolean;
};

export const emptyGuardian = (primary: boolean): GuardianValues => ({
  name: "",
  relationship: "mother",
  email: "",
  phone: "",
  is_primary: primary,
  invite: false,
});

type Props = {
  // biome-ignore lint/suspicious/noExplicitAny: used by forms of different shapes
  form: UseFormReturnType<any>;
  /** Path of the guardian in the form's values: "guardians.0" or "" for the root. */
  prefix: string;
  /** Offer "invite to the portal" (only while the guardian has no access). */
  withInvite?: boolean;
};

export function GuardianFields({ form, prefix, withInvite = true }: Props) {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Guardian name" required {...form.getInputProps(at("name"))} />
        <Select
          label="Relationship"
          required
          allowDeselect={false}
          data={options(RELATIONSHIPS)}
          {...form.getInputProps(at("relationship"))}
        />
        <TextInput label="Guardian email" type="email" {...form.getInputProps(at("email"))} />
        <TextInput label="Guardian phone" type="tel" {...form.getInputProps(at("phone"))} />
      </SimpleGrid>
      <Group>
        <Checkbox
          label="Primary contact"
          {...form.getInputProps(at("is_primary"), { type: "checkbox" })}
        />
        {withInvite && (
          <Checkbox
            label="Invite to the parent portal (needs an email)"
            {...form.getInputProps(at("invite"), { type: "checkbox" })}
          />
        )}
      </Group>
    </>
  );
}

/** The request body for a guardian from the form's values. */
export function guardianBody(values: GuardianValues) {
  return {
    name: values.name.trim(),
    relationship: values.relationship as "mother" | "father" | "guardian" | "other",
    email: values.email.trim() || null,
    phone: values.phone.trim() || null,
    is_primary: values.is_primary,
    invite: values.invite,
  };
}
