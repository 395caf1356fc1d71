/** Page links under a list, named for screen readers; nothing when one page holds everything. */
import { type MantineSpacing, Pagination } from "@mantine/core";

const CONTROL_NAMES = {
  first: "First page",
  previous: "Previous page",
  next: "Next page",
  last: "Last page",
} as const;

type Props = {
  total: number;
  size: number;
  page: number;
  onChange: (page: number) => void;
  /** What a page link is called ("Page 2"); lists sharing a screen name theirs apart. */
  itemLabel?: string;
  mt?: MantineSpacing | 0;
};

/** The number of pages for `total` items, `size` a page (at least one). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

export function ListPagination({
  total,
  size,
  page,
  onChange,
  itemLabel = "Page",
  mt = "md",
}: Props) {
  const pages = pageCount(total, size);
  if (pages <= 1) return null;
  return (
    <Pagination
      mt={mt}
      total={pages}
      value={page}
      onChange={onChange}
      getControlProps={(control) => ({ "aria-label": CONTROL_NAMES[control] })}
      getItemProps={(number) => ({ "aria-label": `${itemLabel} ${number}` })}
    />
  );
}
