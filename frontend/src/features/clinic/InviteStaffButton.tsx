/** "Invite staff member": name, email and role; the invitation is emailed. */
import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDisclosure } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";

export const ROLE_OPTIONS = [
  { value: "staff", label: "Staff" },
  { value: "admin", label: "Admin" },
];

export function InviteStaffButton({ timeZone }: { timeZone: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const form = useForm({
    initialValues: { name: "", email: "", role: "staff" as "staff" | "admin" },
    validate: {
      name: (v) => (v.trim() ? null : "Enter their name"),
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : "Enter their email address"),
    },
  });
  const invite = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(
        await api.POST("/api/v1/clinic/staff/invitations", {
          body: { name: values.name.trim(), email: values.email.trim(), role: values.role },
        }),
      ),
    onSuccess: (sent) => {
      notifications.show({
        color: "green",
        title: "Invitation sent",
        message: `${sent.name} (${sent.email}) can accept it until ${formatDate(sent.expires_at, timeZone)}.`,
      });
      form.reset();
      close();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const dismiss = () => {
    invite.reset();
    close();
  };

  return (
    <>
      <Button onClick={open}>Invite staff member</Button>
      <Modal
        opened={opened}
        onClose={dismiss}
        title="Invite staff member"
        centered
        closeButtonProps={{ "aria-label": "Close" }}
      >
        <form onSubmit={form.onSubmit((values) => invite.mutate(values))} noValidate>
          <Stack>
            <ErrorAlert error={invite.error} title="Could not send the invitation" />
            <TextInput label="Name" required data-autofocus {...form.getInputProps("name")} />
            <TextInput label="Email" type="email" required {...form.getInputProps("email")} />
            <Select
              label="Role"
              data={ROLE_OPTIONS}
              allowDeselect={false}
              {...form.getInputProps("role")}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={dismiss}>
                Cancel
              </Button>
              <Button type="submit" loading={invite.isPending}>
                Send invitation
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
