// The front door of every Plivo webhook: read the parameters (form body for POST, query for GET), verify the V3
// signature against the public URL Plivo called, and answer 403 before anything else happens when it fails.
import { env } from "../env";
import { readBoundedText } from "../http/read-bounded-body";
import { log } from "../log";
import { publicUrlOf, verifyV3, type PlivoParams, type SignedParams } from "./plivo-signature";
import { refuseReplay } from "./replay-guard";

export type VerifiedWebhook = {
  method: "GET" | "POST";
  /** The URL Plivo signed (PUBLIC_BASE_URL + path + query). */
  publicUrl: string;
  /** Query parameters we put in our own action URLs (attempt counters, markers). */
  query: PlivoParams;
  /** Plivo's parameters: the form body, or for GET the query string. A repeated key keeps its last value. */
  params: PlivoParams;
};

function lastValues(search: URLSearchParams): PlivoParams {
  const out: PlivoParams = {};
  for (const [k, v] of search) out[k] = v;
  return out;
}

/** Every value of every key: what the signature covers. */
function allValues(search: URLSearchParams): SignedParams {
  const out: SignedParams = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    out[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  return out;
}

export type WebhookAuth = { publicBaseUrl: string; authToken: string };

/** Verify a request as Plivo sent it; pure apart from reading the body. */
export async function verifyPlivoRequest(
  request: Request,
  auth: WebhookAuth,
): Promise<{ ok: true; webhook: VerifiedWebhook } | { ok: false; response: Response }> {
  const method = request.method === "GET" ? "GET" : "POST";
  const publicUrl = publicUrlOf(request, auth.publicBaseUrl);
  const query = lastValues(new URL(request.url).searchParams);
  let body = new URLSearchParams();
  if (method === "POST") {
    // Plivo posts application/x-www-form-urlencoded; anything else simply has no parameters and fails the check.
    const type = request.headers.get("content-type") ?? "";
    const read = await readBoundedText(request); // 413 past the byte budget, before reading further
    if (!read.ok) return { ok: false, response: read.response };
    if (type.includes("application/x-www-form-urlencoded")) body = new URLSearchParams(read.text);
  }
  const valid = verifyV3({
    method,
    publicUrl,
    params: allValues(body),
    signatures: [request.headers.get("x-plivo-signature-v3"), request.headers.get("x-plivo-signature-ma-v3")],
    nonce: request.headers.get("x-plivo-signature-v3-nonce"),
    authToken: auth.authToken,
  });
  if (!valid) {
    log.warn({ path: new URL(request.url).pathname }, "plivo webhook signature rejected");
    return { ok: false, response: new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } }) };
  }
  return { ok: true, webhook: { method, publicUrl, query, params: method === "GET" ? query : { ...query, ...lastValues(body) } } };
}

/**
 * Verify the signature, then the replay window. `replayCheck: "caller"` leaves the window to the caller, who must
 * check the returned nonce in its own first statement (ivr-route.ts folds it into the receipt claim on PostgreSQL).
 */
export async function readPlivoWebhook(
  request: Request,
  opts: { replayCheck?: "here" | "caller" } = {},
): Promise<{ ok: true; webhook: VerifiedWebhook; nonce: string } | { ok: false; response: Response }> {
  const config = env();
  const verified = await verifyPlivoRequest(request, { publicBaseUrl: config.publicBaseUrl, authToken: config.plivo.authToken });
  if (!verified.ok) return verified;
  const nonce = request.headers.get("x-plivo-signature-v3-nonce");
  if (opts.replayCheck === "caller") {
    // The signature check already required a nonce; bound it so a key stays small (as refuseReplay does).
    if (!nonce || nonce.length > 128) return { ok: false, response: new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } }) };
    return { ...verified, nonce };
  }
  // A signed request whose nonce was first seen outside the replay window is refused (one keyed write).
  const replay = await refuseReplay(nonce, new URL(request.url).pathname);
  return replay ? { ok: false, response: replay } : { ...verified, nonce: nonce ?? "" };
}
