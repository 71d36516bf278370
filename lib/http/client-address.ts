// The client's address for throttling and the audit log. The rightmost X-Forwarded-For entry is the one added by
// the proxy nearest to us (Vercel's edge, or a reverse proxy in front of `npm run serve`); entries to its left are
// whatever the client sent and cannot be trusted.
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
  const address = last ?? headers.get("x-real-ip")?.trim() ?? "";
  // Bounded and printable: it becomes part of a rate-limit key and an audit row.
  return /^[0-9A-Za-z.:%_-]{1,64}$/.test(address) ? address : "unknown";
}
