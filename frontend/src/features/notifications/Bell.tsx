/** The header's notifications bell with the unread count (clinic workspace and portal). */
import { ActionIcon, Indicator } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { badgeText, bellLabel, UNREAD_COUNT_KEY } from "./keys";

type Props = { area: "clinic" | "portal" };

export function NotificationsBell({ area }: Props) {
  const unread = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    // One item is enough: the page's total is the unread count.
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/notifications", { params: { query: { unread: true, size: 1 } } }),
      ).total,
    refetchInterval: 120_000,
  });
  const count = unread.data ?? 0;
  return (
    <Indicator
      // The count is part of the link's name; the badge is only its picture.
      label={<span aria-hidden="true">{badgeText(count)}</span>}
      size={18}
      color="red"
      disabled={count === 0}
      offset={6}
    >
      <ActionIcon
        component={Link}
        to={area === "clinic" ? "/inbox" : "/portal/inbox"}
        variant="subtle"
        size="lg"
        aria-label={bellLabel(count)}
      >
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true">
          <path
            d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </ActionIcon>
    </Indicator>
  );
}
