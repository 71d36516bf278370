// The IVR's writes to Call, Customer and CallEvent. Each change is one transaction (call row + timeline event),
// and the dashboard's "call.changed" signal goes out only after it commits.
import type { Db } from "../db/client";
import { announceAgentCall } from "../agent-state/signals";
import { direct } from "../db/direct";
import { perDbCache } from "../db/per-db-cache";
import { Prisma, setClause, sortableId, sqlList, toCount, type SqlValue } from "../db/sql";
import type { Call, CallStatus, IvrStep } from "../generated/prisma/client";
import { publish } from "../realtime/publish";
import { ENDED_CALL_STATUSES } from "../routing/call-states";
import { withRetryableConflicts } from "../routing/claim-agent";
import { conditionalDecisionCtes, type DecisionRow, writeDecision } from "../routing/decision-record";
import { defer } from "./defer";
import type { LanguageChoice, Voice } from "./responses";
import type { KnownCall } from "./step-read";
import type { PlivoCallParams } from "./webhook-params";

/** Defined once, with routing's other call states. */
export const TERMINAL_STATUSES = ENDED_CALL_STATUSES;

export function isEnded(call: Pick<Call, "status">): boolean {
  return TERMINAL_STATUSES.includes(call.status);
}

// Reads and writes below are raw SQL: they run on every webhook (lib/db/sql.ts says why and what is portable).

/**
 * The Language table (a handful of rows, read by almost every webhook), cached per process for a few seconds:
 * languages change only through the seed or the database, so a change reaches callers within LANGUAGE_TTL_MS.
 */
export const LANGUAGE_TTL_MS = 5_000;
type LanguageRow = LanguageChoice & { enabled: boolean };
const languageCache = perDbCache<LanguageRow[]>(LANGUAGE_TTL_MS);

function languages(db: Db): Promise<LanguageRow[]> {
  return languageCache.get(db, "", Date.now(), () =>
    direct(db).$queryRaw<LanguageRow[]>`SELECT "code", "locale", "voice", "menuDigit", "enabled" FROM "Language" ORDER BY "menuDigit" ASC`,
  );
}

/** Enabled languages in menu order: level 1's choices. */
export async function listLanguageChoices(db: Db): Promise<LanguageChoice[]> {
  return (await languages(db)).filter((l) => l.enabled).map(({ code, locale, voice, menuDigit }) => ({ code, locale, voice, menuDigit }));
}

export async function voiceOf(db: Db, code: string): Promise<Voice | null> {
  const l = (await languages(db)).find((row) => row.code === code);
  return l ? { code: l.code, locale: l.locale, voice: l.voice } : null;
}

async function callBy(db: Db, where: { callUuid: string } | { requestUuid: string }): Promise<Call | null> {
  const rows =
    "callUuid" in where
      ? await direct(db).$queryRaw<Call[]>`SELECT * FROM "Call" WHERE "callUuid" = ${where.callUuid}`
      : await direct(db).$queryRaw<Call[]>`SELECT * FROM "Call" WHERE "requestUuid" = ${where.requestUuid}`;
  return rows[0] ?? null;
}

/** The call a webhook is about, or null (status callbacks for a call we never saw). */
export function findCall(db: Db, callUuid: string): Promise<Call | null> {
  return callBy(db, { callUuid });
}

/** How many timeline events of each of these types the call has, in one statement (a type it has none of reads 0). */
export async function countEventTypes<T extends string>(db: Db, callId: string, types: readonly T[]): Promise<Record<T, number>> {
  const rows = await direct(db).$queryRaw<Array<{ type: string; n: bigint | number }>>`
    SELECT "type", COUNT(*) AS "n" FROM "CallEvent" WHERE "callId" = ${callId} AND "type" IN (${sqlList(types)}) GROUP BY "type"`;
  const out = Object.fromEntries(types.map((t) => [t, 0])) as Record<T, number>;
  for (const r of rows) if (r.type in out) out[r.type as T] = toCount(r.n);
  return out;
}

/** How many timeline events of this type the call has (dial attempts, whether the message was played). */
export async function countEvents(db: Db, callId: string, type: string): Promise<number> {
  const rows = await direct(db).$queryRaw<{ n: bigint | number }[]>`
    SELECT COUNT(*) AS "n" FROM "CallEvent" WHERE "callId" = ${callId} AND "type" = ${type}`;
  return toCount(rows[0]?.n);
}


/** After the commit, off the caller's critical path: the dashboard re-fetches on the signal. */
function signal(db: Db, call: Call) {
  defer(() => publish("call.changed", { callId: call.id, callUuid: call.callUuid, status: call.status, step: call.step }));
  // The agent's workspace follows its call too (screen pop: ringing, on the call, ended) on their own channel.
  const agentId = call.agentId;
  if (agentId) defer(async () => announceAgentCall(agentId, call.id, call.status));
}

/**
 * The call for a webhook, created on first sight: normally by the answer URL, but a menu webhook for a call we never
 * saw (a lost answer request, a restarted server) creates it too. A call we placed ourselves is found again by
 * Plivo's request UUID. Concurrent first deliveries race on the unique CallUUID; the loser reads the winner's row.
 */
export async function findOrCreateCall(
  db: Db,
  p: PlivoCallParams,
  opts: { answered: boolean; known?: KnownCall } = { answered: true },
): Promise<{ call: Call; created: boolean }> {
  // The webhook's first statement may already have read it (step-read.ts): null there means not seen yet.
  const existing = opts.known ? opts.known.call : await callBy(db, { callUuid: p.CallUUID });
  if (existing && opts.known?.created) {
    // Created by the webhook's first statement (the start step's receipt claim, step-read.ts).
    signal(db, existing);
    return { call: existing, created: true };
  }
  if (existing) return { call: existing, created: false };

  const requestUuid = requestUuidOf(p);
  if (requestUuid) {
    const placed = await callBy(db, { requestUuid });
    if (placed) {
      const call = await db.call.update({
        where: { id: placed.id },
        data: {
          callUuid: p.CallUUID,
          ...(isEnded(placed) || !opts.answered ? {} : { status: "IN_IVR", step: "LANGUAGE", stepEnteredAt: new Date(), answeredAt: placed.answeredAt ?? new Date() }),
          events: { create: { type: opts.answered ? "call.answered" : "call.matched", detail: JSON.stringify({ callUuid: p.CallUUID }) } },
        },
      });
      signal(db, call);
      return { call, created: false };
    }
  }

  try {
    const call = await insertCall(db, newCallOf(p, opts));
    signal(db, call);
    return { call, created: true };
  } catch (err) {
    const raced = await callBy(db, { callUuid: p.CallUUID });
    if (raced) return { call: raced, created: false };
    throw err;
  }
}

export type NewCall = {
  p: PlivoCallParams;
  outbound: boolean;
  requestUuid: string | undefined;
  from: string;
  to: string;
  customerPhone: string;
  answered: boolean;
  now: Date;
};

/** The columns of a new call, in the order of callValues. */
const NEW_CALL_COLUMNS = Prisma.raw(`"id", "callUuid", "requestUuid", "direction", "from", "to", "customerId", "status", "step",
      "stepAttempts", "stepEnteredAt", "dialAttempts", "startedAt", "answeredAt", "lastSeenAt", "createdAt", "updatedAt"`);

/** A new call's values; on PostgreSQL each typed, so they also stand as a SELECT list (PostgreSQL-only CASTs). */
function callValues(c: NewCall, customerId: Prisma.Sql, postgres: boolean): Prisma.Sql {
  const { p, now } = c;
  const as = (v: Prisma.Sql, type: string) => (postgres ? Prisma.sql`CAST(${v} AS ${Prisma.raw(type)})` : v);
  const at = (d: Date | null) => as(Prisma.sql`${d}`, "TIMESTAMP(3)");
  return Prisma.sql`${sortableId()}, ${p.CallUUID}, ${c.outbound ? (c.requestUuid ?? null) : null},
      ${as(Prisma.sql`${c.outbound ? "OUTBOUND" : "INBOUND"}`, '"CallDirection"')}, ${c.from}, ${c.to}, ${customerId},
      ${as(Prisma.sql`${c.answered ? "IN_IVR" : "RINGING"}`, '"CallStatus"')}, ${as(Prisma.sql`${"LANGUAGE"}`, '"IvrStep"')},
      ${0}, ${at(now)}, ${0}, ${at(now)}, ${at(c.answered ? now : null)}, ${at(now)}, ${at(now)}, ${at(now)}`;
}

/**
 * PostgreSQL: a new call as data-modifying CTEs "customer" (upserted by phone), "created" (the call, RETURNING *) and
 * "logged" (its first two timeline events). With a `gate` (a condition on other CTEs of the statement, e.g. the
 * webhook receipt's claim: step-read.ts) nothing is written unless it holds, and a call that already exists is left
 * alone (no row in "created").
 */
export function newCallCtes(c: NewCall, gate: Prisma.Sql | null): Prisma.Sql {
  const at = Prisma.sql`CAST(${c.now} AS TIMESTAMP(3))`;
  const customer = c.customerPhone ? customerUpsertSql(c, at, gate) : Prisma.sql`SELECT NULL AS "id"`;
  const values = callValues(c, c.customerPhone ? Prisma.sql`(SELECT "id" FROM "customer")` : Prisma.sql`NULL`, true);
  const call = gate
    ? Prisma.sql`INSERT INTO "Call" (${NEW_CALL_COLUMNS}) SELECT ${values}
        WHERE ${gate} AND NOT EXISTS (SELECT 1 FROM "Call" WHERE "callUuid" = ${c.p.CallUUID})
        ON CONFLICT ("callUuid") DO NOTHING RETURNING *`
    : Prisma.sql`INSERT INTO "Call" (${NEW_CALL_COLUMNS}) VALUES (${values}) RETURNING *`;
  return Prisma.sql`"customer" AS (${customer}), "created" AS (${call}), "logged" AS (
        INSERT INTO "CallEvent" ("callId", "type", "detail", "at")
        SELECT "created"."id", "e"."type", "e"."detail", ${at}
        FROM "created", (VALUES ${Prisma.join(firstEvents(c).map(([type, detail]) => Prisma.sql`(${type}, ${detail})`))}) AS "e" ("type", "detail")
      )`;
}

/** What a new call is made of (findOrCreateCall; the start step's receipt claim on PostgreSQL, step-read.ts). */
export function newCallOf(p: PlivoCallParams, opts: { answered: boolean } = { answered: true }, now = new Date()): NewCall {
  const outbound = p.Direction === "outbound";
  const from = p.From ?? "";
  const to = p.To ?? "";
  return { p, outbound, requestUuid: requestUuidOf(p), from, to, customerPhone: outbound ? to : from, answered: opts.answered, now };
}

/** Plivo's request UUID of a call we placed ourselves (its row exists already and is found by it), else undefined. */
export function requestUuidOf(p: PlivoCallParams): string | undefined {
  return p.RequestUUID ?? p.ALegRequestUUID;
}

/** A new call's first two timeline events, as [type, detail]. */
function firstEvents(c: NewCall): Array<[string, string]> {
  return [
    ["call.started", JSON.stringify({ direction: c.outbound ? "outbound" : "inbound", from: c.from, to: c.to })],
    ["step", JSON.stringify({ step: "LANGUAGE" })],
  ];
}

/**
 * The caller's customer row, upserted by phone, returning its id whether or not it existed; with a `gate`, only when
 * that holds (INSERT ... SELECT ... WHERE). `at` is the timestamp as each database takes it.
 */
function customerUpsertSql(c: NewCall, at: Prisma.Sql, gate: Prisma.Sql | null): Prisma.Sql {
  const row = gate
    ? Prisma.sql`SELECT ${sortableId()}, ${c.customerPhone}, ${at}, ${at} WHERE ${gate}`
    : Prisma.sql`VALUES (${sortableId()}, ${c.customerPhone}, ${at}, ${at})`;
  return Prisma.sql`INSERT INTO "Customer" ("id", "phone", "createdAt", "updatedAt") ${row}
        ON CONFLICT ("phone") DO UPDATE SET "phone" = excluded."phone" RETURNING "id"`;
}

/**
 * The customer (upserted by phone: the row's id whether or not it existed), the call and its first two timeline
 * events, atomically. PostgreSQL: one statement of data-modifying CTEs (newCallCtes), one round trip instead of five
 * (issue #20); SQLite: one transaction. Raw SQL: one per call, on the answer webhook.
 */
async function insertCall(db: Db, c: NewCall): Promise<Call> {
  const { p, now } = c;
  const sql = direct(db);
  if ((await sql.provider()) === "postgres") {
    const [created] = await sql.$queryRaw<Call[]>`WITH ${newCallCtes(c, null)} SELECT * FROM "created"`;
    if (!created) throw new Error(`call ${p.CallUUID} was not created`);
    return created;
  }
  return sql.$transaction(async (tx) => {
    const [customer] = c.customerPhone ? await tx.$queryRaw<Array<{ id: string }>>(customerUpsertSql(c, Prisma.sql`${now}`, null)) : [];
    const [created] = await tx.$queryRaw<Call[]>`
      INSERT INTO "Call" (${NEW_CALL_COLUMNS}) VALUES (${callValues(c, Prisma.sql`${customer?.id ?? null}`, false)}) RETURNING *`;
    if (!created) throw new Error(`call ${p.CallUUID} was not created`);
    await tx.$executeRaw`
      INSERT INTO "CallEvent" ("callId", "type", "detail", "at")
      VALUES ${Prisma.join(firstEvents(c).map(([type, detail]) => Prisma.sql`(${created.id}, ${type}, ${detail}, ${now})`))}`;
    return created;
  });
}

/** Call columns a step may set besides step/status/attempts (a whitelist: they become SQL column names). */
const CALL_DATA_COLUMNS = [
  "languageCode",
  "agentConnectedAt",
  "agentEndedAt",
  "agentTalkSeconds",
  "endedAt",
  "duration",
  "hangupCause",
  "outsideHours", // #18 after hours
  "waitEstimateSeconds", // #18 callbacks
] as const;
export type CallData = Partial<Pick<Call, (typeof CALL_DATA_COLUMNS)[number]>>;

export type CallChange = {
  step?: IvrStep;
  status?: CallStatus;
  /** Failed inputs at the (possibly new) step; entering a new step resets it to 0 unless given. */
  stepAttempts?: number;
  data?: CallData;
  /** The language the caller chose, remembered on their customer row by the same statement (transaction on SQLite). */
  customerLanguage?: string;
  /**
   * A routing decision's record that routing left to this move (RoutingOptions.holdDecision): written by the same
   * statement on PostgreSQL with the call's routedAt (issue #20: one round trip less per assigned caller), right
   * after the move's transaction on SQLite.
   */
  decision?: DecisionRow;
};

/**
 * Move a call and record why, in one transaction, then signal the dashboard. A call that has already ended keeps
 * its final status and step (a late webhook, e.g. feedback after the hangup, only adds its timeline event); the
 * guard is in the UPDATE itself, so a hangup committed after `call` was read is not overwritten either.
 */
export async function moveCall(
  db: Db,
  call: Call,
  change: CallChange,
  events: Array<{ type: string; detail?: Record<string, unknown> }>,
): Promise<Call> {
  const now = new Date();
  const stepChanges = !isEnded(call) && change.step !== undefined && change.step !== call.step;
  const guarded: Record<string, SqlValue | undefined> = { status: change.status };
  if (stepChanges) {
    guarded.step = change.step;
    guarded.stepEnteredAt = now;
    guarded.stepAttempts = change.stepAttempts ?? 0;
  } else if (change.stepAttempts !== undefined) {
    guarded.stepAttempts = change.stepAttempts;
  }
  const data: Record<string, SqlValue | undefined> = {};
  for (const key of CALL_DATA_COLUMNS) data[key] = change.data?.[key];
  // Each guarded column keeps its value when the row (as it is at UPDATE time) is already in a final status.
  const live = Prisma.sql`"status" NOT IN (${sqlList(TERMINAL_STATUSES)})`;
  // lastSeenAt: this call's last webhook, reconcile's staleness clock (and a queued caller's proof of life).
  const sets = [...setClause(guarded, live), ...setClause(data), Prisma.sql`"updatedAt" = ${now}`, Prisma.sql`"lastSeenAt" = ${now}`];
  const decision = change.decision;
  // When waiting for an agent began (decision-record.ts writeDecision stamps it the same way), with the record.
  if (decision) sets.push(Prisma.sql`"routedAt" = COALESCE("routedAt", ${now})`);
  const allEvents = [...events];
  if (stepChanges) allEvents.push({ type: "step", detail: { step: change.step } });
  const logged = allEvents.map((e) => ({ type: e.type, detail: e.detail ? JSON.stringify(e.detail) : null }));
  const sql = direct(db);
  const update = Prisma.sql`UPDATE "Call" SET ${Prisma.join(sets)} WHERE "id" = ${call.id} RETURNING *`;
  let updated: Call | undefined;
  const postgres = (await sql.provider()) === "postgres";
  if (postgres && logged.length === 0 && !decision) {
    // A single statement is atomic on its own: no BEGIN/COMMIT round trips around it.
    [updated] = await sql.$queryRaw<Call[]>(update);
  } else if (postgres) {
    // One statement, so one round trip instead of four (BEGIN, UPDATE, INSERT, COMMIT) to a database that is
    // usually across a network; atomic as a statement. SQLite has no writes inside WITH, hence the transaction below.
    const events = logged.map((e) => Prisma.sql`(${e.type}, ${e.detail})`);
    const customer = change.customerLanguage
      ? Prisma.sql`, "customer" AS (
        UPDATE "Customer" SET "preferredLanguage" = ${change.customerLanguage}, "updatedAt" = CAST(${now} AS TIMESTAMP(3))
        WHERE "id" = (SELECT "customerId" FROM "moved"))`
      : Prisma.empty;
    const logEvents = events.length
      ? Prisma.sql`, "logged" AS (
        INSERT INTO "CallEvent" ("callId", "type", "detail", "at")
        SELECT "moved"."id", "e"."type", "e"."detail", CAST(${now} AS TIMESTAMP(3))
        FROM "moved", (VALUES ${Prisma.join(events)}) AS "e" ("type", "detail")
      )`
      : Prisma.empty;
    // The decision's rows only with the call's move (the call exists): decision-record.ts conditionalDecisionCtes.
    const decided = decision ? Prisma.sql`, ${conditionalDecisionCtes(decision, now, Prisma.sql`EXISTS (SELECT 1 FROM "moved")`)}` : Prisma.empty;
    // With a decision record the statement can meet a concurrent claim of the same call in a deadlock
    // (decision-record.ts writeDecision): whole or nothing, so it is rerun.
    const move = () => sql.$queryRaw<Call[]>`
      WITH "moved" AS (${update})${logEvents}${customer}${decided}
      SELECT * FROM "moved"`;
    [updated] = decision ? await withRetryableConflicts(move) : await move();
  } else {
    updated = await sql.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Call[]>(update);
      if (row && logged.length > 0) {
        const values = logged.map((e) => Prisma.sql`(${call.id}, ${e.type}, ${e.detail}, ${now})`);
        await tx.$executeRaw`INSERT INTO "CallEvent" ("callId", "type", "detail", "at") VALUES ${Prisma.join(values)}`;
      }
      if (row?.customerId && change.customerLanguage) {
        await tx.$executeRaw`UPDATE "Customer" SET "preferredLanguage" = ${change.customerLanguage}, "updatedAt" = ${now} WHERE "id" = ${row.customerId}`;
      }
      return row;
    });
    // SQLite has no round trip to save: the record as assignAgent would have written it.
    if (updated && decision) await writeDecision(db, decision);
  }
  if (!updated) throw new Error(`call ${call.id} no longer exists`);
  signal(db, updated);
  return updated;
}
