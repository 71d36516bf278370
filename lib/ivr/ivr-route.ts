// Turns a flow step into a Next.js route handler: verify the Plivo signature (403, nothing written, when it fails),
// parse parameters with zod, replay a repeated delivery from its receipt, run the step, answer application/xml.
// A caller never gets an error page: anything unexpected is logged with the CallUUID and answered with an apology.
import { getDb } from "../db/client";
import { readPlivoWebhook } from "../telephony/webhook";
import type { FlowContext, RoutingPort } from "./flow";
import { renderApology, renderRetryShortly, type Voice } from "./responses";
import { liveRouting } from "./routing-port";
import { ivrQuery, plivoCallParams } from "./webhook-params";
import { receiptKey, withReceipt } from "./with-receipt";
import { log as logger } from "../log";

export type IvrStepHandler = (ctx: FlowContext, webhook: { query: Record<string, string> }) => Promise<string>;

export type IvrRouteOptions = {
  /** Store and replay answers per delivery key. Off for fire-and-forget callbacks that are idempotent by state. */
  receipts: boolean;
  /** Who is on the other end: a caller (always XML) or Plivo's status callback (a 500 makes it retry). */
  audience: "caller" | "callback";
  /** Tests inject a routing stand-in; production uses lib/routing. */
  routing?: RoutingPort;
};

export function xmlResponse(xml: string, status = 200): Response {
  return new Response(xml, { status, headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "no-store" } });
}

function log(level: "error" | "warn" | "info", msg: string, fields: Record<string, unknown>) {
  logger[level](fields, msg);
}

async function apologyFor(callUuid: string | undefined): Promise<string> {
  // Apologise in the caller's language when the database can still tell us which; otherwise in every language.
  let voice: Voice | undefined;
  try {
    if (callUuid) {
      const db = await getDb();
      const call = await db.call.findUnique({ where: { callUuid }, include: { language: true } });
      if (call?.language) voice = { code: call.language.code, locale: call.language.locale, voice: call.language.voice };
    }
  } catch {
    // the database may be what failed
  }
  return renderApology(voice);
}

export function ivrRoute(route: string, handler: IvrStepHandler, options: IvrRouteOptions) {
  return async function handle(request: Request): Promise<Response> {
    const started = performance.now();
    let callUuid: string | undefined;
    try {
      const verified = await readPlivoWebhook(request);
      if (!verified.ok) return verified.response;
      const { webhook } = verified;
      const parsed = plivoCallParams.safeParse(webhook.params);
      if (!parsed.success) {
        log("warn", "plivo webhook parameters rejected", { route, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
        return options.audience === "caller" ? xmlResponse(renderApology()) : xmlResponse("<Response/>", 400);
      }
      const params = parsed.data;
      callUuid = params.CallUUID;
      const query = ivrQuery.parse(webhook.query);
      const db = await getDb();
      const ctx: FlowContext = { db, params, query, routing: options.routing ?? liveRouting };
      const run = () => handler(ctx, { query: webhook.query });
      let xml: string;
      if (options.receipts) {
        const outcome = await withReceipt(db, receiptKey(route, params, query), run);
        // A concurrent delivery of this same webhook is still running: come back shortly, it will be replayed.
        xml = outcome.xml ?? renderRetryShortly(webhook.publicUrl);
      } else {
        xml = await run();
      }
      const ms = Math.round(performance.now() - started);
      // One structured line per webhook, keyed by CallUUID, so a call can be followed through the logs.
      log(ms > 500 ? "warn" : "info", ms > 500 ? "slow ivr webhook" : "ivr webhook", { route, callUuid, digits: params.Digits ?? null, ms });
      return xmlResponse(xml);
    } catch (err) {
      log("error", "ivr webhook failed", {
        route,
        callUuid: callUuid ?? null,
        error: err instanceof Error ? err.message : String(err),
        stack: err instanceof Error ? err.stack?.split("\n").slice(0, 4).join(" | ") : undefined,
      });
      if (options.audience === "callback") return xmlResponse("<Response/>", 500);
      return xmlResponse(await apologyFor(callUuid));
    }
  };
}
