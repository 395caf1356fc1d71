/** A date input shown as "12 Mar 2026" (the app's one date format), valued "YYYY-MM-DD". */
import "@mantine/dates/styles.css";
import { DateInput, type DateInputProps } from "@mantine/dates";
import { parseTypedDate } from "./parse-date";

export function DateField(props: DateInputProps) {
  return (
    <DateInput
      valueFormat="D MMM YYYY"
      dateParser={(text) => parseTypedDate(text)}
      placeholder="e.g. 12 Mar 2026"
      {...props}
    />
  );
}
