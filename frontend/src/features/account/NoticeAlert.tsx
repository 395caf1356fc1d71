/** A success or caution message: the colour marks the box, the title stays in the text colour (contrast). */
import { Alert, type AlertProps } from "@mantine/core";

export function NoticeAlert({ color = "green", ...props }: AlertProps) {
  return (
    <Alert
      color={color}
      variant="light"
      styles={{ title: { color: "var(--mantine-color-text)" } }}
      {...props}
    />
  );
}
