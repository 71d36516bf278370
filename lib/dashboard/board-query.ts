// The board's view of a large floor: a search, a state filter, a sort and bounded pages, so a page renders at most
// BOARD_PAGE_SIZE agent rows per language whatever the floor's size (500 agents x 2 languages rendered 1,000 rows,
// a 2.7 MB page). Ranks and "next up" always come from the whole language's heap order; the filters only choose
// which rows are shown. Search params arrive as strings; "" means "no filter".
import { z } from "zod";
import type { BoardAgent, BoardLanguage } from "./load-board";

export const BOARD_PAGE_SIZE = 25;
export const AGENT_STATES = ["AVAILABLE", "BUSY", "WRAP_UP", "NOT_READY", "OFFLINE"] as const;
export const BOARD_SORTS = ["rank", "name", "today"] as const;

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export const boardQuery = z
  .object({
    q: z.preprocess(blank, z.string().trim().max(80, "q must be at most 80 characters").optional()),
    state: z.preprocess(blank, z.enum(AGENT_STATES, `state must be one of ${AGENT_STATES.join(", ")}`).optional()),
    sort: z.preprocess(blank, z.enum(BOARD_SORTS, `sort must be one of ${BOARD_SORTS.join(", ")}`).default("rank")),
    lang: z.preprocess(blank, z.string().trim().min(1).max(16).optional()),
    page: z.preprocess(blank, z.coerce.number({ error: "page must be a number" }).int("page must be a whole number").min(1, "page starts at 1").max(10_000).default(1)),
  })
  .strict();

export type BoardQuery = z.infer<typeof boardQuery>;

export type BoardLanguagePage = Omit<BoardLanguage, "agents"> & {
  /** Agents serving the language, and how many of them pass the filters. */
  total: number;
  matched: number;
  page: number;
  pages: number;
  agents: BoardAgent[];
};

const byName = (a: BoardAgent, b: BoardAgent) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * One language's rows filtered, sorted and cut to a page. `statusOf` is the state the board shows (after the
 * wrap-up sweep). Only the language named by `lang` is paged; the others show their first page.
 */
export function pageLanguage(lang: BoardLanguage, query: BoardQuery, statusOf: (a: BoardAgent) => string): BoardLanguagePage {
  const needle = query.q?.toLocaleLowerCase();
  const rows = lang.agents.filter(
    (a) => (!query.state || statusOf(a) === query.state) && (!needle || a.name.toLocaleLowerCase().includes(needle) || a.phone.includes(needle)),
  );
  if (query.sort === "name") rows.sort(byName);
  else if (query.sort === "today") rows.sort((a, b) => b.callsToday - a.callsToday || byName(a, b));
  // "rank": the heap order loadBoard already gives (available by rank, then the others by score).
  const pages = Math.max(1, Math.ceil(rows.length / BOARD_PAGE_SIZE));
  const page = query.lang === lang.code ? Math.min(query.page, pages) : 1;
  return {
    code: lang.code,
    name: lang.name,
    nextUp: lang.nextUp,
    total: lang.agents.length,
    matched: rows.length,
    page,
    pages,
    agents: rows.slice((page - 1) * BOARD_PAGE_SIZE, page * BOARD_PAGE_SIZE),
  };
}
