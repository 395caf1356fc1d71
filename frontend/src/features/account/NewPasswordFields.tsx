/** A new password and its confirmation: the same words, hint and autofill on every form. */
import { PasswordInput } from "@mantine/core";
import type { GetInputPropsReturnType } from "@mantine/form";

/** The confirmation's validation rule: it must repeat the password. */
export function repeats(password: string, confirm: string): string | null {
  return confirm === password ? null : "The passwords do not match";
}

export function NewPasswordFields({
  password,
  confirm,
  replacing = false,
  spaced = false,
}: {
  password: GetInputPropsReturnType;
  confirm: GetInputPropsReturnType;
  /** Replacing an existing password: the fields say "new". */
  replacing?: boolean;
  /** Outside a Stack: margins below each field. */
  spaced?: boolean;
}) {
  return (
    <>
      <PasswordInput
        label={replacing ? "New password" : "Password"}
        description="At least 10 characters"
        autoComplete="new-password"
        required
        mb={spaced ? "sm" : undefined}
        {...password}
      />
      <PasswordInput
        label={replacing ? "Confirm new password" : "Confirm password"}
        autoComplete="new-password"
        required
        mb={spaced ? "md" : undefined}
        {...confirm}
      />
    </>
  );
}
