/** The printable record for parents: the shared print view. */
export { default } from "@/features/print/PrintRecordPage";
