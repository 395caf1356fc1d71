/** Page links under a list, named for screen readers; nothing when one page holds everything. */
import { Pagination } from "@mantine/core";

const CONTROL_NAMES = {
  first: "First page",
  previous: "Previous page",
  next: "Next page",
  last: "Last page",
} as const;

type Props = { total: number; size: number; page: number; onChange: (page: number) => void };

/** The number of pages for `total` items, `size` a page (at least one). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

export function ListPagination({ total, size, page, onChange }: Props) {
  const pages = pageCount(total, size);
  if (pages <= 1) return null;
  return (
    <Pagination
      mt="md"
      total={pages}
      value={page}
      onChange={onChange}
      getControlProps={(control) => ({ "aria-label": CONTROL_NAMES[control] })}
      getItemProps={(number) => ({ "aria-label": `Page ${number}` })}
    />
  );
}
