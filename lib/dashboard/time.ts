// Day boundaries for "today" counts and charts, in the server's time zone (the call centre's, in practice).
export function startOfToday(now = new Date()): Date {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d;
}

export function daysAgo(days: number, now = new Date()): Date {
  const d = startOfToday(now);
  d.setDate(d.getDate() - (days - 1));
  return d;
}

/** YYYY-MM-DD in the server's zone. */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
