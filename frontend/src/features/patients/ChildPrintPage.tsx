/** Immunization record (placeholder: the screen is built on this route). */
import { PlaceholderPage } from "@/components/PlaceholderPage";

export default function ChildPrintPage() {
  return <PlaceholderPage title="Immunization record" />;
}
