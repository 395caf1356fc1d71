/** Words for why a health card did not verify (the API's VerifyResult.reason values). */
import type { components } from "@/api/schema";

type Reason = NonNullable<components["schemas"]["VerifyResult"]["reason"]>;

// From the API's description of VerifyResult.reason.
const REASONS: Record<Reason, string> = {
  malformed: "This is not the text of a health card.",
  incomplete: "Parts of the card are missing or repeated: paste every chunk, one per line.",
  unsupported_algorithm: "The card is signed with an algorithm this server does not accept.",
  unknown_issuer: "The card was issued by neither this server nor a trusted issuer.",
  unknown_key: "The card is signed with a key its issuer does not list.",
  bad_signature: "The signature does not match: the card was altered or signed by someone else.",
  not_a_health_card: "This is a signed document but not a health card.",
  not_yet_valid: "The card is not valid yet.",
  expired: "The card has expired.",
};

/** The sentence for a reason (an unknown new reason is shown as the API names it). */
export function reasonText(reason: string | null): string {
  if (reason === null) return "The card could not be verified.";
  return REASONS[reason as Reason] ?? `The card could not be verified (${reason}).`;
}

/** A FHIR date ("2025-03-12", "2025-03" or "2025") as the app shows dates. */
export function fhirDateText(value: string | null, formatFull: (iso: string) => string): string {
  if (!value) return "—";
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatFull(value) : value;
}
