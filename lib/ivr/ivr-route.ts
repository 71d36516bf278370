// Turns a flow step into a Next.js route handler: verify the Plivo signature (403, nothing written, when it fails),
// parse parameters with zod, replay a repeated delivery from its receipt, run the step, answer application/xml.
//
// Delivery policy (README "Plivo application settings"):
// - A caller never gets an error page or silence. A step that cannot be answered yet (a concurrent delivery still
//   running, the database busy past its ~2 s bound, any unexpected error) says "one moment" and redirects to the
//   same URL carrying the caller's key press (`rd`) and a retry count (`rt`); after MAX_STEP_RETRIES the caller hears
//   the apology in their language and the call ends cleanly.
// - Status callbacks (hangup, Dial callbackUrl) always get 200. Plivo's default retry policy (rp=ct,rt) does not
//   retry a 5xx, and how a `#rp=...,5xx` fragment enters the signed URL is not documented, so we do not depend on
//   Plivo retrying: a failed callback is retried in process (CALLBACK_RETRY_DELAYS_MS) and, if the process dies
//   meanwhile, reconcile closes the call (Plivo's live-call list, or the staleness bounds).
import { getDb } from "../db/client";
import { direct } from "../db/direct";
import { env } from "../env";
import { countStatementsIn } from "../db/statement-count";
import { log } from "../log";
import { replayRefused } from "../telephony/replay-guard";
import { readPlivoWebhook } from "../telephony/webhook";
import type { FlowContext, RoutingPort } from "./flow";
import { MAX_STEP_RETRIES, renderApology, renderRetryShortly, type Voice } from "./responses";
import { runDeferredAfter } from "./defer";
import { admitted } from "./admission";
import { liveRouting } from "./routing-port";
import { ivrQuery, plivoCallParams, type PlivoCallParams } from "./webhook-params";
import { receiptKey, withReceipt } from "./with-receipt";
import { nonceWithCall, type KnownCall, type StepRead } from "./step-read";
import { newCallCtes, newCallOf, requestUuidOf } from "./call-store";
import type { Prisma } from "../db/sql";

export type IvrStepHandler = (ctx: FlowContext, webhook: { query: Record<string, string> }) => Promise<string>;

export type IvrRouteOptions = {
  /** Store and replay answers per delivery key. Off for fire-and-forget callbacks that are idempotent by state. */
  receipts: boolean;
  /** Who is on the other end: a caller (always speech, audio or a hangup) or Plivo's status callback (always 200). */
  audience: "caller" | "callback";
  /** Tests inject a routing stand-in; production uses lib/routing. */
  routing?: RoutingPort;
  /**
   * Read the step's call in the webhook's first statement (step-read.ts; PostgreSQL): the receipt claim, or for a
   * callback the replay guard's nonce write. Only for steps whose first read of the call is by this CallUUID and
   * comes before any write (not the callback legs: they bind the leg to its call first).
   */
  read?: StepRead;
};

/** In-process retries of a failed status callback (its step is idempotent by the call's state). */
export const CALLBACK_RETRY_DELAYS_MS = [1_000, 5_000];

export function xmlResponse(xml: string, status = 200): Response {
  return new Response(xml, { status, headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "no-store" } });
}

async function callerVoice(callUuid: string | undefined): Promise<Voice | undefined> {
  // The caller's language when the database can still tell us (WAL reads do not wait for a writer).
  try {
    if (!callUuid) return undefined;
    const db = await getDb();
    const call = await db.call.findUnique({ where: { callUuid }, include: { language: true } });
    return call?.language ? { code: call.language.code, locale: call.language.locale, voice: call.language.voice } : undefined;
  } catch {
    return undefined; // the database may be what failed
  }
}

/** Not answered yet: "one moment" and the same URL again, or after MAX_STEP_RETRIES the apology. */
async function notYet(publicUrl: string, params: PlivoCallParams, retry: number): Promise<string> {
  const voice = await callerVoice(params.CallUUID);
  if (retry >= MAX_STEP_RETRIES) return renderApology(voice);
  return renderRetryShortly(voice, publicUrl, { digits: params.Digits, retry: retry + 1 });
}

function retryCallbackLater(route: string, callUuid: string, run: () => Promise<string>, attempt = 0) {
  const delay = CALLBACK_RETRY_DELAYS_MS[attempt];
  if (delay === undefined) {
    log.error({ route, callUuid }, "status callback still failing; reconcile will close the call");
    return;
  }
  setTimeout(() => {
    run().then(
      () => log.info({ route, callUuid, attempt: attempt + 1 }, "status callback retried"),
      () => retryCallbackLater(route, callUuid, run, attempt + 1),
    );
  }, delay).unref();
}

export function ivrRoute(route: string, handler: IvrStepHandler, options: IvrRouteOptions) {
  // Each request is one statement-count scope of its route (lib/db/statement-count.ts; off unless benchmarking).
  // Deferred work starts after the answer (defer.ts: next/server after(), or runDeferredAfter outside Next).
  return (request: Request): Promise<Response> => runDeferredAfter(() => countStatementsIn(route, () => handle(request)));

  async function handle(request: Request): Promise<Response> {
    const started = performance.now();
    let callUuid: string | undefined;
    let retryState: { publicUrl: string; params: PlivoCallParams; retry: number } | undefined;
    try {
      // PostgreSQL: the replay guard's nonce write goes into the receipt claim's statement (one round trip for both),
      // and so does the step's read of its call when the route asks for it; a callback's nonce rides with that read.
      const db = await getDb();
      const postgres = (await direct(db).provider()) === "postgres";
      const nonceInClaim = postgres && (options.receipts || (options.audience === "callback" && options.read !== undefined));
      const verified = await readPlivoWebhook(request, { replayCheck: nonceInClaim ? "caller" : "here" });
      if (!verified.ok) return verified.response;
      // Admitted only now (WEBHOOK_CONCURRENCY, admission.ts): a request whose body has not fully arrived, or whose
      // signature is wrong, never holds one of the gate's places, so slow or forged requests cannot stall real callers.
      return await admitted(async () => {
        const { webhook } = verified;
        const parsed = plivoCallParams.safeParse(webhook.params);
        if (!parsed.success) {
          log.warn({ route, issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, "plivo webhook parameters rejected");
          return options.audience === "caller" ? xmlResponse(renderApology()) : xmlResponse("<Response/>", 400);
        }
        const query = ivrQuery.parse(webhook.query);
        // A retried step carries the caller's key press in its URL: Plivo's Redirect sends no Digits.
        const params = parsed.data.Digits === undefined && query.rd ? { ...parsed.data, Digits: query.rd } : parsed.data;
        callUuid = params.CallUUID;
        retryState = { publicUrl: webhook.publicUrl, params, retry: query.rt };
        const routing = options.routing ?? liveRouting;
        const run = (known?: KnownCall) => handler({ db, params, query, routing, known }, { query: webhook.query });
        const nonce = nonceInClaim ? { nonce: verified.nonce, nowMs: Date.now(), windowSeconds: env().security.replayWindowSeconds } : undefined;
        // The answer URL makes its call in the same statement (one round trip for the whole step), unless the call is
        // one we placed ourselves: that row exists already and is found by Plivo's request UUID.
        const placed = Boolean(requestUuidOf(params));
        const preread =
          nonce && options.read
            ? {
                callUuid: params.CallUUID,
                read: options.read,
                ...(options.read.create && !placed ? { create: (gate: Prisma.Sql) => newCallCtes(newCallOf(params), gate) } : {}),
              }
            : undefined;
        let xml: string;
        if (options.receipts) {
          const outcome = await withReceipt(db, receiptKey(route, params, query), run, nonce, preread);
          if ("replayOf" in outcome) return replayRefused(new URL(request.url).pathname, outcome.replayOf);
          // A concurrent delivery of this same webhook is still running: come back shortly, it will be replayed.
          xml = outcome.xml ?? (await notYet(webhook.publicUrl, params, query.rt));
        } else if (options.audience === "callback") {
          let known: KnownCall | undefined;
          if (nonce && preread) {
            // A status callback: its nonce and its call in one statement. If that fails the step reads for itself
            // (the replay window is defence in depth behind the signature, as refuseReplay lets a failed check through).
            const first = await nonceWithCall(db, nonce, preread.callUuid, preread.read).catch((err: unknown) => {
              log.warn({ route, callUuid, err: err instanceof Error ? err.message : String(err) }, "replay check failed; request let through");
              return null;
            });
            if (first && "replayOf" in first) return replayRefused(new URL(request.url).pathname, first.replayOf);
            known = first?.known;
          }
          try {
            xml = await run(known);
          } catch (err) {
            log.error({ route, callUuid, err: err instanceof Error ? err.message : String(err) }, "status callback failed; retrying in process");
            retryCallbackLater(route, params.CallUUID, run);
            xml = "<Response/>";
          }
        } else {
          xml = await run();
        }
        const ms = Math.round(performance.now() - started);
        // One structured line per webhook, keyed by CallUUID, so a call can be followed through the logs.
        if (ms > 500) log.warn({ route, callUuid, digits: params.Digits ?? null, ms }, "slow ivr webhook");
        else log.info({ route, callUuid, digits: params.Digits ?? null, ms }, "ivr webhook");
        return xmlResponse(xml);
      });
    } catch (err) {
      log.error(
        { route, callUuid: callUuid ?? null, err: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack?.split("\n").slice(0, 4).join(" | ") : undefined },
        "ivr webhook failed",
      );
      if (options.audience === "callback") return xmlResponse("<Response/>");
      // Busy database, a failed write, a bug: never silence. Try the step again (bounded), then apologise.
      return xmlResponse(retryState ? await notYet(retryState.publicUrl, retryState.params, retryState.retry) : renderApology(await callerVoice(callUuid)));
    }
  }
}
