// Read a request body with a byte budget: refuse on a declared Content-Length over the budget without reading at
// all, and stop reading (cancelling the stream) as soon as an undeclared (chunked) body passes it. Works the same
// under `next start`, `npm run serve` and Vercel, where the body is a web ReadableStream.
import { WEBHOOK_BODY_LIMIT_BYTES } from "./body-limits";

export type BoundedBody = { ok: true; text: string } | { ok: false; response: Response };

export function payloadTooLarge(limit: number): Response {
  return new Response(`Request body over ${limit} bytes`, { status: 413, headers: { "content-type": "text/plain", connection: "close" } });
}

/** True when the request declares a body larger than `limit` (a malformed length counts as too large). */
export function declaresTooLarge(headers: Headers, limit: number): boolean {
  const declared = headers.get("content-length");
  if (declared === null) return false;
  const n = Number(declared);
  return !Number.isFinite(n) || n < 0 || n > limit;
}

export async function readBoundedText(request: Request, limit = WEBHOOK_BODY_LIMIT_BYTES): Promise<BoundedBody> {
  if (declaresTooLarge(request.headers, limit)) return { ok: false, response: payloadTooLarge(limit) };
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, response: payloadTooLarge(limit) };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
