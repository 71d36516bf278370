// Dashboard read models on a real database: history filters and paging, the query schema's 400 messages,
// analytics definitions, and the board's heap order coming from lib/routing.
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { callHistoryQuery } from "./call-history-query";
import { resolvePeriod } from "./analytics-period";
import { loadAnalytics } from "./load-analytics";
import { loadBoard } from "./load-board";
import { loadCallHistory } from "./load-call-history";

let db: Db;
const NOW = new Date("2026-03-10T15:30:00");
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
  const alice = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550101" } });
  const maria = await db.agent.findUniqueOrThrow({ where: { phone: "+14155550105" } });
  // 1: English, answered after 10 s, rated 4.  2: Spanish, answered after 30 s, rated 2.  3: English, abandoned
  // while waiting.  4: English, heard the message only (never asked for an agent).
  const specs = [
    { uuid: "c1", lang: "en", agent: alice.id, start: 60, wait: 10, rating: 4, status: "COMPLETED" as const, talk: 120 },
    { uuid: "c2", lang: "es", agent: maria.id, start: 50, wait: 30, rating: 2, status: "COMPLETED" as const, talk: 300 },
    { uuid: "c3", lang: "en", agent: null, start: 40, wait: null, rating: null, status: "ABANDONED" as const, talk: null },
    { uuid: "c4", lang: "en", agent: null, start: 30, wait: null, rating: null, status: "COMPLETED" as const, talk: null, noRouting: true },
  ];
  for (const s of specs) {
    const decidedAt = at(s.start - 1);
    const call = await db.call.create({
      data: {
        callUuid: s.uuid, direction: "INBOUND", from: `+1202555${s.uuid.slice(1).padStart(4, "0")}`, to: "+14155550000",
        languageCode: s.lang, agentId: s.agent, status: s.status, step: "DONE", startedAt: at(s.start),
        agentConnectedAt: s.wait === null ? null : new Date(decidedAt.getTime() + s.wait * 1000), agentTalkSeconds: s.talk,
      },
    });
    if (!("noRouting" in s)) {
      await db.routingDecision.create({ data: { callId: call.id, languageCode: s.lang, outcome: s.agent ? "ASSIGNED" : "QUEUED", chosenAgentId: s.agent, candidateCount: 1, durationMicros: 500, createdAt: decidedAt } });
      await db.call.update({ where: { id: call.id }, data: { routedAt: decidedAt } }); // as the router records it
    }
    if (s.rating) await db.feedback.create({ data: { callId: call.id, agentId: s.agent, rating: s.rating, callDuration: s.talk ?? 0, createdAt: at(s.start - 5) } });
  }
});

describe("call history", () => {
  it("filters by language, rating and status, newest first", async () => {
    const en = await loadCallHistory(db, callHistoryQuery.parse({ language: "en" }));
    expect(en.rows.map((r) => r.callUuid)).toEqual(["c4", "c3", "c1"]);
    expect((await loadCallHistory(db, callHistoryQuery.parse({ rating: "2" }))).rows.map((r) => r.callUuid)).toEqual(["c2"]);
    expect((await loadCallHistory(db, callHistoryQuery.parse({ status: "ABANDONED" }))).rows.map((r) => r.callUuid)).toEqual(["c3"]);
  });

  it("pages by cursor: next, back, and straight to the oldest calls", async () => {
    const uuids = (h: { rows: Array<{ callUuid: string }> }) => h.rows.map((r) => r.callUuid);
    const page1 = await loadCallHistory(db, callHistoryQuery.parse({ pageSize: "3" }));
    expect(page1).toMatchObject({ total: 4, totalIsLowerBound: false, pages: 2, prevCursor: null });
    expect(uuids(page1)).toEqual(["c4", "c3", "c2"]);
    const page2 = await loadCallHistory(db, callHistoryQuery.parse({ pageSize: "3", page: "2", cursor: page1.nextCursor!, dir: "next" }));
    expect(uuids(page2)).toEqual(["c1"]);
    expect(page2.nextCursor).toBeNull();
    const back = await loadCallHistory(db, callHistoryQuery.parse({ pageSize: "3", cursor: page2.prevCursor!, dir: "prev" }));
    expect(uuids(back)).toEqual(["c4", "c3", "c2"]);
    expect(back.prevCursor).toBeNull();
    const oldest = await loadCallHistory(db, callHistoryQuery.parse({ pageSize: "3", dir: "last" }));
    expect(uuids(oldest)).toEqual(["c3", "c2", "c1"]);
    expect(oldest.nextCursor).toBeNull();
    const newer = await loadCallHistory(db, callHistoryQuery.parse({ pageSize: "3", cursor: oldest.prevCursor!, dir: "prev" }));
    expect(uuids(newer)).toEqual(["c4"]);
  });

  it("filters by day range (inclusive)", async () => {
    expect((await loadCallHistory(db, callHistoryQuery.parse({ from: "2026-03-10", to: "2026-03-10" }))).total).toBe(4);
    expect((await loadCallHistory(db, callHistoryQuery.parse({ from: "2026-03-11" }))).total).toBe(0);
  });

  it.each([
    [{ page: "0" }, "page", /starts at 1/],
    [{ pageSize: "500" }, "pageSize", /1-100/],
    [{ rating: "5" }, "rating", /1-4/],
    [{ status: "LOST" }, "status", /one of/],
    [{ from: "yesterday" }, "from", /2026-01-31/],
    [{ to: "2026-02-31" }, "to", /not a real date/],
    [{ cursor: "bm90LWEtY3Vyc29y" }, "cursor", /cursor is not one this server gave/],
    [{ dir: "up" }, "dir", /next, prev or last/],
    [{ from: "2026-03-10", to: "2026-03-01" }, "from", /on or before/],
    [{ sort: "x" }, "", /Unrecognized/i],
  ])("rejects %o with a message on %s", (input, param, message) => {
    const r = callHistoryQuery.safeParse(input);
    expect(r.success).toBe(false);
    const issue = r.error!.issues[0]!;
    expect(issue.path.join(".")).toBe(param);
    expect(issue.message).toMatch(message);
  });
});

describe("analytics", () => {
  it("computes speed of answer, service level, abandonment and CSAT as documented", async () => {
    const a = await loadAnalytics(db, resolvePeriod({ days: 1 }, NOW), NOW);
    expect(a.totals).toMatchObject({ calls: 4, agentRequests: 3, answered: 2, ratings: 2 });
    expect(a.totals.asaSeconds).toBeCloseTo(20); // (10 + 30) / 2
    expect(a.totals.serviceLevel).toBeCloseTo(1 / 3); // only c1 within 20 s, of 3 requests
    expect(a.totals.abandonmentRate).toBeCloseTo(1 / 3); // c3
    expect(a.totals.csat).toBeCloseTo(0.5); // one 4, one 2
    expect(a.totals.avgTalkSeconds).toBeCloseTo(210);
    expect(a.csatByLanguage).toEqual(
      expect.arrayContaining([
        { language: "English", csat: 100, avgRating: 4, ratings: 1 },
        { language: "Español", csat: 0, avgRating: 2, ratings: 1 },
      ]),
    );
    expect(a.callsPerHour.reduce((n, h) => n + h.calls, 0)).toBe(4);
    expect(a.ratingTrend.agents.map((x) => x.name).sort()).toEqual(["Alice Johnson", "María García"]);
  });
});

describe("board", () => {
  it("lists every agent per language in heap order with one next-up and today's calls", async () => {
    const board = await loadBoard(db, NOW);
    const en = board.find((l) => l.code === "en")!;
    expect(en.agents).toHaveLength(6);
    const ranks = en.agents.filter((a) => a.rank !== null).map((a) => a.terms.score);
    expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
    expect(en.nextUp?.id).toBe(en.agents[0]!.id);
    expect(en.agents.find((a) => a.name === "Alice Johnson")!.callsToday).toBe(1);
  });
});
