// The board's bounded pages: a 60-agent language shows 25 rows a page in heap order, the filters (state, search)
// choose rows without changing ranks or next up, a bad filter is refused by name, and the state counts come from
// the database's GROUP BY (floor-wide and per language, bilingual agents in both languages).
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { seedDatabase } from "../db/seed";
import { BOARD_PAGE_SIZE, boardQuery, pageLanguage } from "./board-query";
import { loadBoard, loadStateCounts, type BoardAgent } from "./load-board";

let db: Db;
const FLOOR = 60;

beforeAll(async () => {
  db = createPrismaClient(process.env.DATABASE_URL!);
  await seedDatabase(db, { email: "s@example.com", password: "password1" }, { demoAgents: false });
  for (let i = 0; i < FLOOR; i++) {
    await db.agent.create({
      data: {
        name: `Agent ${String(i).padStart(2, "0")}`, phone: `+1415555${String(1000 + i)}`, status: i % 3 === 0 ? "BUSY" : i % 3 === 1 ? "AVAILABLE" : "OFFLINE",
        totalCalls: i, ratingSum: i % 7, ratingCount: 2,
        languages: { create: i % 4 === 0 ? [{ languageCode: "en" }, { languageCode: "es" }] : [{ languageCode: "en" }] },
      },
    });
  }
});

const statusOf = (a: BoardAgent) => a.status;

describe("board pages", () => {
  it("cuts a language to pages of BOARD_PAGE_SIZE in heap order, ranks from the whole language", async () => {
    const en = (await loadBoard(db)).find((l) => l.code === "en")!;
    expect(en.agents).toHaveLength(FLOOR);
    const first = pageLanguage(en, boardQuery.parse({}), statusOf);
    expect(first.agents).toHaveLength(BOARD_PAGE_SIZE);
    expect(first.pages).toBe(Math.ceil(FLOOR / BOARD_PAGE_SIZE));
    expect(first.agents.map((a) => a.id)).toEqual(en.agents.slice(0, BOARD_PAGE_SIZE).map((a) => a.id));
    const last = pageLanguage(en, boardQuery.parse({ lang: "en", page: "3" }), statusOf);
    expect(last.agents.map((a) => a.id)).toEqual(en.agents.slice(2 * BOARD_PAGE_SIZE).map((a) => a.id));
    // A page past the end shows the last one; another language's page parameter leaves this one on page 1.
    expect(pageLanguage(en, boardQuery.parse({ lang: "en", page: "99" }), statusOf).page).toBe(3);
    expect(pageLanguage(en, boardQuery.parse({ lang: "es", page: "2" }), statusOf).page).toBe(1);
  });

  it("filters by state and by name or phone without re-ranking, and sorts by name or calls today", async () => {
    const en = (await loadBoard(db)).find((l) => l.code === "en")!;
    const available = pageLanguage(en, boardQuery.parse({ state: "AVAILABLE" }), statusOf);
    expect(available.matched).toBe(en.agents.filter((a) => a.status === "AVAILABLE").length);
    expect(available.agents.every((a) => a.status === "AVAILABLE")).toBe(true);
    expect(available.agents.map((a) => a.rank)).toEqual(en.agents.filter((a) => a.status === "AVAILABLE").slice(0, BOARD_PAGE_SIZE).map((a) => a.rank));
    expect(available.nextUp?.id).toBe(en.nextUp?.id);
    const search = pageLanguage(en, boardQuery.parse({ q: "agent 1" }), statusOf);
    expect(search.agents.map((a) => a.name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Agent 1${i}`));
    expect(pageLanguage(en, boardQuery.parse({ q: "+14155551007" }), statusOf).agents.map((a) => a.name)).toEqual(["Agent 07"]);
    const byName = pageLanguage(en, boardQuery.parse({ sort: "name" }), statusOf);
    expect(byName.agents[0]!.name).toBe("Agent 00");
    expect(byName.agents[1]!.name).toBe("Agent 01");
  });

  it("refuses a bad state, sort or page naming the field", () => {
    for (const [raw, field] of [[{ state: "ASLEEP" }, "state"], [{ sort: "score" }, "sort"], [{ page: "0" }, "page"], [{ page: "x" }, "page"], [{ color: "red" }, ""]] as const) {
      const r = boardQuery.safeParse(raw);
      expect(r.success).toBe(false);
      if (field) expect(r.error!.issues[0]!.path[0]).toBe(field);
    }
  });

  it("counts agents per state floor-wide and per language in SQL", async () => {
    const { floor, byLanguage } = await loadStateCounts(db);
    expect(floor).toEqual({ BUSY: 20, AVAILABLE: 20, OFFLINE: 20 });
    const es = byLanguage.get("es")!;
    expect(Object.values(es).reduce((a, b) => a + b, 0)).toBe(FLOOR / 4);
    expect(Object.values(byLanguage.get("en")!).reduce((a, b) => a + b, 0)).toBe(FLOOR);
    // Agents 0, 12, 24, 36, 48 (i % 12 === 0) are busy and speak Spanish.
    expect(es.BUSY).toBe(5);
  });
});
