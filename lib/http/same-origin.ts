// Server actions must come from our own pages. Next refuses a cross-origin action itself, but with a 500; this
// answers 403 first. The request's own host (behind a proxy, X-Forwarded-Host) and PUBLIC_BASE_URL are ours.
export function isCrossOriginAction(method: string, headers: Headers, publicBaseUrl: string): boolean {
  if (method !== "POST" || !headers.has("next-action")) return false;
  const origin = headers.get("origin");
  if (!origin) return false; // not a browser (browsers always send Origin on POST); the session check still applies
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return true; // "null" or garbage
  }
  const ours = new Set<string>();
  for (const h of [headers.get("x-forwarded-host"), headers.get("host")]) {
    const first = h?.split(",")[0]?.trim().toLowerCase();
    if (first) ours.add(first);
  }
  try {
    ours.add(new URL(publicBaseUrl).host.toLowerCase());
  } catch {
    // PUBLIC_BASE_URL is validated in lib/env.ts
  }
  return !ours.has(originHost);
}
