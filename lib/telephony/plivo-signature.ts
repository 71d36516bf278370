// Plivo V3 webhook signatures. Signing (what Plivo does, and what our built-in simulator does in its place) and
// verifying build the same base string:
//   GET:  url-with-sorted-query
//   POST: url "?" sorted-query ["." if both query and body] + sorted body params as key+value pairs
//   signature = base64(HMAC-SHA256(authToken, base + "." + nonce))
// Verification used to call plivo-node's validateV3Signature, which re-parses the URL (uri-parser, build-url,
// querystring), UTF-8-encodes every input by hand and round-trips the digest through base64 on each request: ~0.15 ms
// of every webhook under the bench (issue #20). It now computes the digest once from signatureBase and compares it in
// constant time; plivo-conformance.test.ts and plivo-signature.test.ts keep checking that it agrees with the SDK.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

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
 * comma-separated signatures (a rotated token). Each is compared with the expected one as the exact base64 string,
 * as plivo-node's validateV3Signature does, but in constant time.
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
  let expected: Buffer | undefined;
  for (const header of [input.signature ?? null, ...(input.signatures ?? [])]) {
    if (!header) continue;
    const params = input.method === "GET" ? {} : input.params; // GET: the parameters are the signed URL's query
    expected ??= Buffer.from(signV3({ method: input.method, url: input.publicUrl, params, nonce: input.nonce, authToken: input.authToken }));
    for (const candidate of header.split(",")) {
      const given = Buffer.from(candidate);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    }
  }
  return false;
}

/** The public URL Plivo called: configured (normalised) base + the request's path and query. */
export function publicUrlOf(request: Request, publicBaseUrl: string): string {
  const u = new URL(request.url);
  return `${publicBaseUrl}${u.pathname}${u.search}`;
}
