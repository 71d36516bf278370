// CSV exports on a real database: the calls export is read in batches only as the reader pulls (a large export is
// never all in memory), text that a spreadsheet would evaluate or split is exported safely, and the per-agent
// summary adds up. Runs on SQLite and, with TEST_DATABASE=postgres, on PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { resolvePeriod } from "./analytics-period";
import { exportAgentsCsv, exportCallsCsv, localTimeIn, safeCell } from "./export-csv";
import { DateTime } from "luxon";

let db: Db;
const NOW = new Date("2026-05-20T12:00:00Z");
const ZONE = "America/New_York";
const TRICKY = 'Smith, "Bob" =1+1';
const CALLS = 1_200;
let trickyId = "";

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" });
  const tricky = await db.agent.create({ data: { name: TRICKY, phone: "+14155550999" } });
  const formula = await db.agent.create({ data: { name: "=HYPERLINK(\"http://evil\")", phone: "+14155550998" } });
  trickyId = tricky.id;
  const base = new Date("2026-05-19T12:00:00Z").getTime();
  const rows = Array.from({ length: CALLS }, (_, i) => ({
    callUuid: `x${i}`, direction: "INBOUND" as const, from: i === 0 ? "@SUM(A1:A9)" : "+12025550100", to: "+14155550000",
    status: "COMPLETED" as const, step: "DONE" as const, startedAt: new Date(base + i * 1000), languageCode: "en",
    agentId: i % 2 === 0 ? tricky.id : formula.id, agentConnectedAt: new Date(base + i * 1000 + 30_000),
    routedAt: new Date(base + i * 1000 + 10_000), agentTalkSeconds: 60 + (i % 3) * 30,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.call.createMany({ data: rows.slice(i, i + 200) });
  const first = await db.call.findUniqueOrThrow({ where: { callUuid: "x0" } });
  await db.feedback.create({ data: { callId: first.id, agentId: tricky.id, rating: 4, callDuration: 60, createdAt: new Date(base + 100_000) } });
});

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("calls CSV", () => {
  it("reads the next batch only when the reader pulls", async () => {
    const batches: number[] = [];
    const stream = exportCallsCsv(db, {}, { zone: ZONE, batchSize: 100, onBatch: (n) => batches.push(n) });
    const reader = stream.getReader();
    const header = await reader.read();
    expect(new TextDecoder().decode(header.value)).toMatch(/^call_id,started_at,/);
    const firstRows = await reader.read();
    expect(new TextDecoder().decode(firstRows.value).trim().split("\n")).toHaveLength(100);
    // ReadableStream pulls ahead by at most its high-water mark (one chunk): nowhere near the 1,200 rows.
    expect(batches.length).toBeLessThanOrEqual(2);
    await reader.cancel();

    const all: number[] = [];
    const text = await readAll(exportCallsCsv(db, {}, { zone: ZONE, batchSize: 100, onBatch: (n) => all.push(n) }));
    expect(text.trim().split("\n")).toHaveLength(CALLS + 1);
    expect(all).toEqual([...Array(12).fill(100), 0]);
  });

  it("lets other work run between batches (a synchronous SQLite read must not hold the server for a whole export)", async () => {
    // Another request's work, standing in line on the event loop: one turn per loop iteration. (A 0 ms interval
    // would depend on the clock: a batch faster than 1 ms lets the loop turn without any timer being due.)
    let ticks = 0;
    let running = true;
    const turn = () => {
      ticks++;
      if (running) setImmediate(turn);
    };
    setImmediate(turn);
    const batches: number[] = [];
    await readAll(exportCallsCsv(db, {}, { zone: ZONE, batchSize: 100, onBatch: (n) => batches.push(n) }));
    running = false;
    expect(batches.length).toBe(13);
    expect(ticks).toBeGreaterThanOrEqual(batches.length - 1);
  });

  it("quotes commas and quotes, and defuses formula prefixes", async () => {
    const text = await readAll(exportCallsCsv(db, { agentId: trickyId }, { zone: ZONE }));
    const first = text.split("\n")[1]!;
    // The caller "@SUM(A1:A9)" and the agent 'Smith, "Bob" =1+1' in one row, times in New York.
    expect(first).toContain(",'@SUM(A1:A9),");
    expect(first).toContain(',"Smith, ""Bob"" =1+1",');
    expect(first).toContain("2026-05-19T08:00:00-04:00");
    expect(first).toMatch(/,4,20,60,$/); // rating 4, waited 20 s, talked 60 s, no duration yet
    expect(text).not.toMatch(/(^|,)[=+@]/m);
  });

  it.each([
    ["=1+1", "'=1+1"], ["+1415", "'+1415"], ["-2", "'-2"], ["@x", "'@x"], ["\tx", "'\tx"], ["\rx", "'\rx"], ["a=b", "a=b"], [-2, -2],
  ])("safeCell(%j) is %j", (input, out) => {
    expect(safeCell(input)).toBe(out);
  });
});

describe("local times in the export", () => {
  it("are luxon's ISO local times to the millisecond across daylight-saving changes in any zone", () => {
    // Every 7 minutes 13.5 seconds over the days around New York's, Lord Howe's (30-minute) and London's changes.
    const spans = ["2026-03-08T00:00:00Z", "2026-11-01T00:00:00Z", "2026-04-04T10:00:00Z", "2026-10-03T10:00:00Z", "2026-03-29T00:00:00Z"];
    for (const zone of ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Europe/London", "UTC"]) {
      const fast = localTimeIn(zone);
      for (const span of spans) {
        for (let ms = Date.parse(span); ms < Date.parse(span) + 2 * 86_400_000; ms += 433_500) {
          const d = new Date(ms);
          expect(fast(d), `${zone} ${d.toISOString()}`).toBe(DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }));
        }
      }
      expect(fast(null)).toBeNull();
    }
  });
});

describe("agents CSV", () => {
  it("summarises each agent's answered calls and ratings over the period", async () => {
    const csv = await exportAgentsCsv(db, resolvePeriod({ days: 7 }, NOW, ZONE));
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("agent_id,agent,calls_answered,talk_seconds_avg,wait_seconds_avg,ratings,rating_avg,csat_percent");
    expect(lines).toHaveLength(3);
    expect(lines).toContain(`${trickyId},"Smith, ""Bob"" =1+1",600,90,20,1,4,100`);
    expect(lines.find((l) => l.includes("HYPERLINK"))).toMatch(/^[^,]+,"'=HYPERLINK\(""http:\/\/evil""\)",600,90,20,0,,$/);
  });
});
