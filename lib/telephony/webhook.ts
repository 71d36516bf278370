// The front door of every Plivo webhook: read the parameters (form body for POST, query for GET), verify the V3
// signature against the public URL Plivo called, and answer 403 before anything else happens when it fails.
import { env } from "../env";
import { readBoundedText } from "../http/read-bounded-body";
import { publicUrlOf, verifyV3, type PlivoParams } from "./plivo-signature";
import { log } from "../log";
import { refuseReplay } from "./replay-guard";

export type VerifiedWebhook = {
  method: "GET" | "POST";
  /** The URL Plivo signed (PUBLIC_BASE_URL + path + query). */
  publicUrl: string;
  /** Query parameters we put in our own action URLs (attempt counters, markers). */
  query: PlivoParams;
  /** Plivo's parameters: the form body, or for GET the query string. */
  params: PlivoParams;
};

function toParams(search: URLSearchParams): PlivoParams {
  const out: PlivoParams = {};
  for (const [k, v] of search) out[k] = v;
  return out;
}

export async function readPlivoWebhook(
  request: Request,
): Promise<{ ok: true; webhook: VerifiedWebhook } | { ok: false; response: Response }> {
  const method = request.method === "GET" ? "GET" : "POST";
  const config = env();
  const publicUrl = publicUrlOf(request, config.publicBaseUrl);
  const query = toParams(new URL(request.url).searchParams);
  let body: PlivoParams = {};
  if (method === "POST") {
    // Plivo posts application/x-www-form-urlencoded; anything else simply has no parameters and fails the check.
    const type = request.headers.get("content-type") ?? "";
    const read = await readBoundedText(request); // #15: 413 past the byte budget, before reading further
    if (!read.ok) return { ok: false, response: read.response };
    if (type.includes("application/x-www-form-urlencoded")) body = toParams(new URLSearchParams(read.text));
  }
  const valid = verifyV3({
    method,
    publicUrl,
    params: body,
    signature: request.headers.get("x-plivo-signature-v3"),
    nonce: request.headers.get("x-plivo-signature-v3-nonce"),
    authToken: config.plivo.authToken,
  });
  if (!valid) {
    log.warn({ path: new URL(request.url).pathname }, "plivo webhook signature rejected");
    return { ok: false, response: new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain" } }) };
  }
  const replay = await refuseReplay(request.headers.get("x-plivo-signature-v3-nonce"), new URL(request.url).pathname); // #15
  if (replay) return { ok: false, response: replay };
  return { ok: true, webhook: { method, publicUrl, query, params: method === "GET" ? query : { ...query, ...body } } };
}
