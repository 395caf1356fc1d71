/** Query keys of the notifications feature: invalidate NOTIFICATIONS_KEY after any change. */
export const NOTIFICATIONS_KEY = ["notifications"] as const;
export const UNREAD_COUNT_KEY = ["notifications", "unread-count"] as const;
export const PREFERENCES_KEY = ["notification-preferences"] as const;

/** The bell's accessible name: the count is read out with it. */
export function bellLabel(unread: number | undefined): string {
  if (!unread) return "Notifications";
  return `Notifications, ${unread} unread`;
}

/** The badge text: large counts stay short. */
export function badgeText(unread: number): string {
  return unread > 99 ? "99+" : String(unread);
}
