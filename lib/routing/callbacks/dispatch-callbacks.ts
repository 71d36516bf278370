// The callback dispatcher (#18): when the head of a language's line is a due callback and an agent can be claimed,
// call the customer back and connect them to that agent. Runs from the scheduler every few seconds, and is nudged
// whenever an agent may have freed up (a hangup) or a callback was requested.
//
// Per attempt, in this order:
//   1. the head callback (placeBefore order) must have nobody ahead: no live caller still polling with an earlier
//      place (they get the next agent through their own hold loop);
//   2. take it: UPDATE status PENDING -> DIALING, attempts + 1, conditional on PENDING. Exactly one dispatcher wins
//      (all others see 0 rows), so each attempt places at most one outbound call, whatever runs concurrently;
//   3. create the outbound leg (a Call row linked by callbackId), claim an agent for it with lib/routing's claim
//      (claim-agent.ts: Agent row locked first on PostgreSQL). No agent after all: the take is undone (attempt not
//      counted) and the leg row removed;
//   4. take a slot of the floor's outbound limits (start-a-call's per-minute and daily caps);
//   5. place the call (placeCall: toll-fraud rules, Plivo or the simulator) with the leg's own answer/hangup URLs and
//      machine detection. The agent stays reserved while the customer's phone rings (leg order: customer first).
// Any failure after the claim releases the agent without a miss (releaseCall: RELEASED) and settles the attempt.
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client";
import { direct } from "../../db/direct";
import { sortableId } from "../../db/sql";
import { env } from "../../env";
import { log } from "../../log";
import { consumeCallbackStart, releaseCallStart } from "../../rate-limit/call-start-limits";
import type { CallLeg, PlaceCallResult } from "../../telephony/place-call";
import { DestinationRefused } from "../../telephony/place-call-errors";
import { dropAgent, getPool } from "../agent-pool";
import { claimAgent, CallAlreadyRouted } from "../claim-agent";
import { type RoutingOptions, resolveConfig } from "../config";
import { notify } from "../notify";
import { callersAhead, QUEUE_PLACE, queueOrderBy } from "../queue";
import { releaseCall } from "../release-call";
import { callbackConfig, type CallbackConfig, type CallbackRow } from "./request-callback";
import { closeLeg, settleAttempt } from "./settle-callback";

/** How the outbound call is placed: lib/telephony/place-call.ts in production; tests count calls with a fake. */
export type PlaceCallbackLeg = (to: string, leg: CallLeg) => Promise<PlaceCallResult>;

/** The leg's webhook URLs (absolute, from PUBLIC_BASE_URL: Plivo signs exactly these). */
export type LegUrls = (legCallId: string) => CallLeg;

export type DispatchOptions = RoutingOptions & {
  place: PlaceCallbackLeg;
  legUrls: LegUrls;
  callback?: Partial<CallbackConfig>;
  /** Take slots of the outbound limits (default true; the lab and some tests switch it off). */
  limits?: boolean;
};

export type DispatchOutcome = "dialled" | "none-due" | "behind-live" | "no-agent" | "lost-race" | "limited" | "refused" | "place-failed";
export type DispatchResult = { dialled: number; outcomes: Record<string, number> };

/** Callbacks dialled per language per round, at most (a round is a few seconds). */
const MAX_PER_LANGUAGE = 10;

export async function dispatchCallbacks(db: Db, opts: DispatchOptions): Promise<DispatchResult> {
  const now = opts.now ?? new Date();
  const languages = await direct(db).$queryRaw<Array<{ languageCode: string }>>`
    SELECT DISTINCT "languageCode" FROM "Callback" WHERE "status" = ${"PENDING"} AND "nextAttemptAt" <= ${now}`;
  const outcomes: Record<string, number> = {};
  let dialled = 0;
  for (const { languageCode } of languages) {
    for (let i = 0; i < MAX_PER_LANGUAGE; i++) {
      const outcome = await dispatchHead(db, languageCode, { ...opts, now });
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === "dialled") dialled++;
      // A refused or failed attempt settled that callback: the next one may go. Anything else ends this language.
      if (!["dialled", "refused", "place-failed"].includes(outcome)) break;
    }
  }
  return { dialled, outcomes };
}

async function dispatchHead(db: Db, languageCode: string, opts: DispatchOptions & { now: Date }): Promise<DispatchOutcome> {
  const { now } = opts;
  const cfg = resolveConfig(opts.config);
  const [head] = await direct(db).$queryRaw<CallbackRow[]>`
    SELECT * FROM "Callback" WHERE "status" = ${"PENDING"} AND "languageCode" = ${languageCode} AND "nextAttemptAt" <= ${now}
    ORDER BY ${queueOrderBy(QUEUE_PLACE.callback)} LIMIT 1`;
  if (!head) return "none-due";
  if ((await callersAhead(db, { callId: head.id, languageCode, at: head.placeAt }, cfg, now)) > 0) return "behind-live";

  let pool = await getPool(db, languageCode, cfg, now);
  if (pool.heap.size === 0) {
    pool = await getPool(db, languageCode, cfg, now, Date.now());
    if (pool.heap.size === 0) return "no-agent";
  }

  // 2. The take: the one place a callback attempt begins.
  const taken = await direct(db).$executeRaw`
    UPDATE "Callback" SET "status" = ${"DIALING"}, "attempts" = "attempts" + 1, "dialingSince" = ${now}, "updatedAt" = ${now}
    WHERE "id" = ${head.id} AND "status" = ${"PENDING"} AND "nextAttemptAt" <= ${now}`;
  if (taken === 0) return "lost-race";
  const attempt = head.attempts + 1;

  // 3. The outbound leg and its agent.
  const legId = sortableId(now.getTime());
  const requestUuid = randomUUID(); // the simulator's request id; Plivo's replaces it once calls.create answers
  const from = env().plivo.fromNumber ?? "";
  await direct(db).$transaction(async (tx) => {
    const [customer] = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO "Customer" ("id", "phone", "createdAt", "updatedAt") VALUES (${sortableId()}, ${head.phone}, ${now}, ${now})
      ON CONFLICT ("phone") DO UPDATE SET "phone" = excluded."phone" RETURNING "id"`;
    await tx.$executeRaw`
      INSERT INTO "Call" ("id", "callUuid", "requestUuid", "direction", "from", "to", "languageCode", "customerId", "status", "step",
        "stepAttempts", "stepEnteredAt", "dialAttempts", "startedAt", "routedAt", "lastSeenAt", "callbackId", "createdAt", "updatedAt")
      VALUES (${legId}, ${`callback:${head.id}:${attempt}`}, ${requestUuid}, ${"OUTBOUND"}, ${from}, ${head.phone}, ${languageCode},
        ${customer?.id ?? null}, ${"RINGING"}, ${"GREETING"}, ${0}, ${now}, ${0}, ${now}, ${now}, ${now}, ${head.id}, ${now}, ${now})`;
    await tx.$executeRaw`
      INSERT INTO "CallEvent" ("callId", "type", "detail", "at")
      VALUES (${legId}, ${"callback.dialing"}, ${JSON.stringify({ callbackId: head.id, originCallId: head.originCallId, attempt })}, ${now})`;
    await tx.$executeRaw`UPDATE "Callback" SET "callbackCallId" = ${legId} WHERE "id" = ${head.id}`;
  });

  const agent = await claimForLeg(db, pool, { legId, languageCode, now: opts.now });
  if (!agent) {
    // Nobody claimable after all: the attempt did not happen. Undo the take (conditional on this leg) and drop the leg.
    await direct(db).$transaction(async (tx) => {
      await tx.$executeRaw`
        UPDATE "Callback" SET "status" = ${"PENDING"}, "attempts" = "attempts" - 1, "dialingSince" = NULL, "callbackCallId" = NULL, "updatedAt" = ${now}
        WHERE "id" = ${head.id} AND "status" = ${"DIALING"} AND "callbackCallId" = ${legId}`;
      await tx.$executeRaw`DELETE FROM "Call" WHERE "id" = ${legId} AND "agentId" IS NULL`;
    });
    return "no-agent";
  }

  // 4. The floor's outbound limits.
  let limitKeys: string[] = [];
  if (opts.limits !== false) {
    const limit = await consumeCallbackStart(db, now);
    if (!limit.allowed) {
      await abandonAttempt(db, head, legId, opts, { result: `limited:${limit.scope}`, countAttempt: false, retryAfterSeconds: limit.retryAfterSeconds });
      return "limited";
    }
    limitKeys = limit.keys;
  }

  // 5. Place it. Outside any transaction: a telephone API call never holds database locks.
  try {
    const placed = await opts.place(head.phone, opts.legUrls(legId));
    if (placed.mode === "plivo") {
      await direct(db).$executeRaw`UPDATE "Call" SET "requestUuid" = ${placed.requestUuid}, "updatedAt" = ${new Date()} WHERE "id" = ${legId}`;
    }
    log.info({ callbackId: head.id, legId, attempt, agentId: agent, mode: placed.mode }, "callback dialled");
    notify(opts, [{ event: "queue.changed", callId: legId, status: "callback-dialing" }]);
    return "dialled";
  } catch (err) {
    if (limitKeys.length > 0) await releaseCallStart(db, limitKeys).catch(() => undefined);
    if (err instanceof DestinationRefused) {
      // The number became unacceptable (policy changed since the request): never dialled, never retried.
      await abandonAttempt(db, head, legId, opts, { result: `refused:${err.reason}`, countAttempt: true, final: "FAILED" });
      return "refused";
    }
    log.error({ callbackId: head.id, err: err instanceof Error ? err.message : String(err) }, "callback could not be placed");
    await abandonAttempt(db, head, legId, opts, { result: "place-failed", countAttempt: true });
    return "place-failed";
  }
}

/** Claim the best claimable agent for the leg (the heap order routing uses); null when every candidate is gone. */
async function claimForLeg(db: Db, pool: Awaited<ReturnType<typeof getPool>>, input: { legId: string; languageCode: string; now?: Date }) {
  for (let c = pool.heap.pop(); c !== undefined; c = pool.heap.pop()) {
    try {
      const claimed = await claimAgent(db, { agentId: c.agentId, callId: input.legId, languageCode: input.languageCode }, input.now);
      dropAgent(db, c.agentId);
      if (claimed) return c.agentId;
    } catch (err) {
      if (err instanceof CallAlreadyRouted) return null;
      throw err;
    }
  }
  return null;
}

/** After the claim: give the agent back (no miss), close the leg, and settle the attempt. */
async function abandonAttempt(
  db: Db,
  head: CallbackRow,
  legId: string,
  opts: DispatchOptions & { now: Date },
  outcome: { result: string; countAttempt: boolean; retryAfterSeconds?: number; final?: "FAILED" },
) {
  await releaseCall(db, { callId: legId }, opts);
  await closeLeg(db, legId, opts.now, outcome.result);
  await settleAttempt(db, { callbackId: head.id, legId, reached: false, result: outcome.result, now: opts.now }, callbackConfig(opts.callback), {
    countAttempt: outcome.countAttempt,
    retryAfterSeconds: outcome.retryAfterSeconds,
    final: outcome.final,
  });
}
