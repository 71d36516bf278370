// Plivo V3 webhook signatures. Verification uses the plivo SDK's own validateV3Signature; signing (what Plivo does,
// and what our built-in simulator does in its place) builds the same base string:
//   GET:  url-with-sorted-query
//   POST: url "?" sorted-query ["." if both query and body] + sorted body params as key+value pairs
//   signature = base64(HMAC-SHA256(authToken, base + "." + nonce))
import { createHmac, randomBytes } from "node:crypto";
import * as plivo from "plivo";

export type PlivoParams = Record<string, string>;
/** Parameters as signed: a key repeated in the form carries every one of its values (Plivo's SDK signs them all). */
export type SignedParams = Record<string, string | string[]>;

const valuesOf = (v: string | string[]) => (Array.isArray(v) ? [...v] : [v]);

function sortedQuery(url: URL): string {
  const pairs: string[] = [];
  const keys = [...new Set([...url.searchParams.keys()])].sort();
  for (const key of keys) for (const value of url.searchParams.getAll(key).sort()) pairs.push(`${key}=${value}`);
  return pairs.join("&");
}

export function signatureBase(method: "GET" | "POST", url: string, params: SignedParams = {}): string {
  const u = new URL(url);
  const origin = `${u.protocol}//${u.host}${u.pathname}`;
  const query = sortedQuery(u);
  if (method === "GET") {
    const merged = new URL(origin);
    for (const [k, v] of u.searchParams) merged.searchParams.append(k, v);
    for (const [k, v] of Object.entries(params)) for (const one of valuesOf(v)) merged.searchParams.append(k, one);
    const q = sortedQuery(merged);
    return q ? `${origin}?${q}` : origin;
  }
  const hasBody = Object.keys(params).length > 0;
  let base = origin;
  if (query || hasBody) base += `?${query}`;
  if (query && hasBody) base += ".";
  const body = Object.keys(params)
    .sort()
    .flatMap((k) => valuesOf(params[k] ?? []).sort().map((v) => `${k}${v}`))
    .join("");
  return base + body;
}

export function signV3(input: { method: "GET" | "POST"; url: string; params?: SignedParams; nonce: string; authToken: string }) {
  const base = signatureBase(input.method, input.url, input.params);
  return createHmac("sha256", input.authToken).update(`${base}.${input.nonce}`).digest("base64");
}

/** Headers Plivo sends with a signed webhook, for the simulator and tests. */
export function signedHeaders(input: { method: "GET" | "POST"; url: string; params?: SignedParams; authToken: string }) {
  const nonce = randomBytes(12).toString("hex");
  return {
    "X-Plivo-Signature-V3": signV3({ ...input, nonce }),
    "X-Plivo-Signature-V3-Nonce": nonce,
  };
}

/**
 * True when one of the signatures verifies for `publicUrl` (the URL Plivo called, rebuilt from the normalised
 * PUBLIC_BASE_URL, not the internal request URL). `signatures` are the values of X-Plivo-Signature-V3 and of
 * X-Plivo-Signature-Ma-V3 (the main account's signature, sent for a subaccount's number); each may hold several
 * comma-separated signatures (a rotated token). Checked by plivo-node's own validateV3Signature.
 */
export function verifyV3(input: {
  method: "GET" | "POST";
  publicUrl: string;
  params: SignedParams;
  /** X-Plivo-Signature-V3 */
  signature?: string | null;
  /** Further headers to accept, e.g. X-Plivo-Signature-Ma-V3 */
  signatures?: Array<string | null>;
  nonce: string | null;
  authToken: string;
}): boolean {
  if (!input.nonce) return false;
  for (const signature of [input.signature ?? null, ...(input.signatures ?? [])]) {
    if (!signature) continue;
    try {
      const ok = plivo.validateV3Signature(input.method, input.publicUrl, input.nonce, input.authToken, signature, input.method === "GET" ? {} : input.params);
      if (ok.valueOf()) return true;
    } catch {
      // a malformed header is simply not a valid signature
    }
  }
  return false;
}

/** The public URL Plivo called: configured (normalised) base + the request's path and query. */
export function publicUrlOf(request: Request, publicBaseUrl: string): string {
  const u = new URL(request.url);
  return `${publicBaseUrl}${u.pathname}${u.search}`;
}
