// Plivo V3 webhook signatures. Verification uses the plivo SDK's own validateV3Signature; signing (what Plivo does,
// and what our built-in simulator does in its place) builds the same base string:
//   GET:  url-with-sorted-query
//   POST: url "?" sorted-query ["." if both query and body] + sorted body params as key+value pairs
//   signature = base64(HMAC-SHA256(authToken, base + "." + nonce))
import { createHmac, randomBytes } from "node:crypto";
import * as plivo from "plivo";

export type PlivoParams = Record<string, string>;

function sortedQuery(url: URL): string {
  const pairs: string[] = [];
  const keys = [...new Set([...url.searchParams.keys()])].sort();
  for (const key of keys) for (const value of url.searchParams.getAll(key).sort()) pairs.push(`${key}=${value}`);
  return pairs.join("&");
}

export function signatureBase(method: "GET" | "POST", url: string, params: PlivoParams = {}): string {
  const u = new URL(url);
  const origin = `${u.protocol}//${u.host}${u.pathname}`;
  const query = sortedQuery(u);
  if (method === "GET") {
    const merged = new URL(origin);
    for (const [k, v] of u.searchParams) merged.searchParams.append(k, v);
    for (const [k, v] of Object.entries(params)) merged.searchParams.append(k, v);
    const q = sortedQuery(merged);
    return q ? `${origin}?${q}` : origin;
  }
  const hasBody = Object.keys(params).length > 0;
  let base = origin;
  if (query || hasBody) base += `?${query}`;
  if (query && hasBody) base += ".";
  const body = Object.keys(params)
    .sort()
    .map((k) => `${k}${params[k]}`)
    .join("");
  return base + body;
}

export function signV3(input: { method: "GET" | "POST"; url: string; params?: PlivoParams; nonce: string; authToken: string }) {
  const base = signatureBase(input.method, input.url, input.params);
  return createHmac("sha256", input.authToken).update(`${base}.${input.nonce}`).digest("base64");
}

/** Headers Plivo sends with a signed webhook, for the simulator and tests. */
export function signedHeaders(input: { method: "GET" | "POST"; url: string; params?: PlivoParams; authToken: string }) {
  const nonce = randomBytes(12).toString("hex");
  return {
    "X-Plivo-Signature-V3": signV3({ ...input, nonce }),
    "X-Plivo-Signature-V3-Nonce": nonce,
  };
}

/**
 * True when the request carries a valid V3 signature for `publicUrl` (the URL Plivo called, rebuilt from
 * PUBLIC_BASE_URL, not the internal request URL). Several comma-separated signatures may be present.
 */
export function verifyV3(input: {
  method: "GET" | "POST";
  publicUrl: string;
  params: PlivoParams;
  signature: string | null;
  nonce: string | null;
  authToken: string;
}): boolean {
  if (!input.signature || !input.nonce) return false;
  try {
    return plivo.validateV3Signature(input.method, input.publicUrl, input.nonce, input.authToken, input.signature, input.method === "GET" ? {} : input.params).valueOf();
  } catch {
    return false;
  }
}

/** The public URL Plivo called: configured base + the request's path and query. */
export function publicUrlOf(request: Request, publicBaseUrl: string): string {
  const u = new URL(request.url);
  return `${publicBaseUrl}${u.pathname}${u.search}`;
}
