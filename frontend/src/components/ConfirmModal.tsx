/** Ask before an action that changes a record (archive, mark in error, deactivate). */
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { ErrorAlert } from "./ErrorAlert";

type Props = {
  opened: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Shows a spinner on the confirm button. */
  busy?: boolean;
  /** The failed attempt's error, shown in the modal. */
  error?: unknown;
  danger?: boolean;
};

export function ConfirmModal(props: Props) {
  const { opened, title, children, confirmLabel, onConfirm, onCancel, busy, error, danger } = props;
  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened={opened}
      onClose={onCancel}
      title={title}
      centered
    >
      <Stack>
        {children && typeof children === "string" ? <Text>{children}</Text> : children}
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button color={danger ? "red" : undefined} onClick={onConfirm} loading={busy}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
