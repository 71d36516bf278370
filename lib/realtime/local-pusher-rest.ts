// The REST half of the local Pusher server: POST /apps/:id/events and /batch_events, authenticated as hosted Pusher
// does (HMAC over method, path and sorted query, body MD5, timestamp window), with hosted Pusher's limits and names.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { PUSHER_MAX_BATCH_EVENTS, PUSHER_MAX_EVENT_DATA_BYTES } from "./events";
import { hmac, safeEqual, type Hub, type PusherApp } from "./local-pusher-shared";
import { channelName, eventName } from "./pusher-names";

const MAX_TIMESTAMP_SKEW_SECONDS = 600;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
// Hosted Pusher's limits are enforced here too, so code that would break there breaks locally.
const MAX_BATCH_EVENTS = PUSHER_MAX_BATCH_EVENTS;
const MAX_EVENT_DATA_BYTES = PUSHER_MAX_EVENT_DATA_BYTES;

const eventBody = z.object({
  name: eventName,
  data: z.string(),
  channels: z.array(channelName).min(1).max(100).optional(),
  channel: channelName.optional(),
  socket_id: z.string().optional(),
});
const batchBody = z.object({
  batch: z.array(z.object({ name: eventName, data: z.string(), channel: channelName, socket_id: z.string().optional() })).min(1),
});

export function restHandler(hub: Hub, appsById: Map<string, PusherApp>) {
  const { clients, stats, log, broadcast } = hub;
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new Error("body too large"));
          req.destroy();
        } else chunks.push(chunk);
      });
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.on("error", reject);
    });

  /** Pusher REST authentication: HMAC-SHA256 over "METHOD\nPATH\nsorted-query" plus the body's MD5. */
  const verifyRest = (app: PusherApp, method: string, path: string, query: URLSearchParams, body: string) => {
    const params = [...query.entries()].filter(([k]) => k !== "auth_signature");
    const get = (k: string) => query.get(k) ?? "";
    if (get("auth_key") !== app.key) return "unknown auth_key";
    const ts = Number(get("auth_timestamp"));
    if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > MAX_TIMESTAMP_SKEW_SECONDS) return "auth_timestamp expired";
    if (body.length > 0 && get("body_md5") !== createHash("md5").update(body, "utf8").digest("hex")) return "body_md5 mismatch";
    params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const toSign = `${method}\n${path}\n${params.map(([k, v]) => `${k}=${v}`).join("&")}`;
    return safeEqual(hmac(app.secret, toSign), get("auth_signature")) ? null : "invalid auth_signature";
  };

  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", "http://local");
      const match = /^\/apps\/([^/]+)\/(events|batch_events)$/.exec(url.pathname);
      if (req.method === "GET" && url.pathname === "/") return reply(res, 200, { ok: true, connections: clients.size });
      if (!match || req.method !== "POST") return reply(res, 404, { error: "not found" });
      stats.requests++;
      const app = appsById.get(match[1] ?? "");
      const body = await readBody(req);
      const problem = app ? verifyRest(app, "POST", url.pathname, url.searchParams, body) : "unknown app id";
      if (!app || problem) {
        stats.rejected++;
        return reply(res, 401, { error: problem });
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return reply(res, 400, { error: "body is not JSON" });
      }
      if (match[2] === "events") {
        const parsed = eventBody.safeParse(json);
        const channels = parsed.success ? (parsed.data.channels ?? (parsed.data.channel ? [parsed.data.channel] : [])) : [];
        if (!parsed.success || channels.length === 0) return reply(res, 400, { error: "invalid event body" });
        if (Buffer.byteLength(parsed.data.data) > MAX_EVENT_DATA_BYTES) return reply(res, 413, { error: "event data too large" });
        for (const ch of channels) broadcast(app, ch, parsed.data.name, parsed.data.data, parsed.data.socket_id);
        stats.published++;
        return reply(res, 200, {});
      }
      // Batch: validated whole before any event goes out, then delivered in the order given.
      const parsed = batchBody.safeParse(json);
      if (!parsed.success) return reply(res, 400, { error: "invalid batch body" });
      const { batch } = parsed.data;
      if (batch.length > MAX_BATCH_EVENTS) return reply(res, 400, { error: `batch has more than ${MAX_BATCH_EVENTS} events` });
      if (batch.some((e) => Buffer.byteLength(e.data) > MAX_EVENT_DATA_BYTES)) return reply(res, 413, { error: "event data too large" });
      for (const e of batch) broadcast(app, e.channel, e.name, e.data, e.socket_id);
      stats.published += batch.length;
      return reply(res, 200, {});
    } catch (err) {
      log(`local pusher: request failed: ${String(err)}`);
      if (!res.headersSent) reply(res, 500, { error: "internal error" });
    }
  };
}
