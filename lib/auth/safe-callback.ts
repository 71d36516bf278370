// Where to go after signing in: only a same-site path. An attacker-supplied callbackUrl must not turn the login
// page into an open redirect, and control characters (a newline) must not reach the Location header (a 500).
export function safeCallbackPath(value: unknown): string {
  const s = typeof value === "string" ? value : "";
  if (s.length > 2000 || !s.startsWith("/") || s.startsWith("//") || s.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(s)) return "/";
  try {
    // Resolve against a dummy origin: the result must stay on it (no scheme-relative tricks after decoding).
    const url = new URL(s, "http://same.invalid");
    return url.origin === "http://same.invalid" ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
