/** Names for Mantine Pagination's arrow buttons (icon-only, so axe needs a label). */

const NAMES = {
  first: "First page",
  previous: "Previous page",
  next: "Next page",
  last: "Last page",
} as const;

export function controlLabel(control: keyof typeof NAMES) {
  return { "aria-label": NAMES[control] };
}
