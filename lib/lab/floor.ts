// A fresh, migrated database per policy run: a SQLite file copied from a template migrated once per lab run, or
// (--postgres) a PostgreSQL database cloned from a migrated template. Then the scenario's floor is seeded into it.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { createPrismaClient, tuneSqlite, type Db } from "../db/client";
import { migrateDeploy } from "../db/migrate";
import { customerPhone, customerPriority, dayOpensAt, historyOf, T0, type LabAgent } from "./population";
import type { Scenario } from "./scenario";

const ROOT = resolve(import.meta.dirname, "../..");

export type DatabaseFactory = {
  /** A new empty migrated database and its client. */
  create(name: string): Promise<{ db: Db; dispose(): Promise<void> }>;
  close(): Promise<void>;
};

export function sqliteFactory(): DatabaseFactory {
  const dir = resolve(ROOT, `.data/lab-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const template = resolve(dir, "template.db");
  migrateDeploy(`file:${template}`, ROOT);
  return {
    async create(name) {
      const file = resolve(dir, `${name}.db`);
      copyFileSync(template, file);
      const url = `file:${file}`;
      const db = createPrismaClient(url);
      await tuneSqlite(db, url);
      return {
        db,
        async dispose() {
          await db.$disconnect();
          for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
        },
      };
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function postgresFactory(adminUrl: string): Promise<DatabaseFactory> {
  const prefix = `lab_${process.pid}_${Date.now()}`;
  const template = `${prefix}_tpl`;
  await admin(adminUrl, `CREATE DATABASE "${template}"`);
  migrateDeploy(withDatabase(adminUrl, template), ROOT);
  const drop = (name: string) => admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  return {
    async create(name) {
      const database = `${prefix}_${name.replace(/[^a-z0-9]/gi, "_").toLowerCase()}`;
      await admin(adminUrl, `CREATE DATABASE "${database}" TEMPLATE "${template}"`);
      const db = createPrismaClient(withDatabase(adminUrl, database));
      return {
        db,
        async dispose() {
          await db.$disconnect();
          await drop(database);
        },
      };
    },
    close: () => drop(template),
  };
}

const LANGUAGE_NAMES: Record<string, { name: string; locale: string }> = {
  en: { name: "English", locale: "en-US" },
  es: { name: "Spanish", locale: "es-US" },
};

/** Languages, agents (new hires OFFLINE until they join; veterans with their drawn rating history), customers. */
export async function seedFloor(db: Db, s: Scenario, agents: LabAgent[], opts: { oracle?: boolean } = {}): Promise<void> {
  await db.language.createMany({
    data: s.languages.map((l, i) => ({
      code: l.code,
      name: LANGUAGE_NAMES[l.code]?.name ?? l.code,
      locale: LANGUAGE_NAMES[l.code]?.locale ?? "en-US",
      menuDigit: i + 1,
    })),
  });
  const start = new Date(T0);
  await db.agent.createMany({
    data: agents.map((a) => {
      const h = opts.oracle ? { ratingCount: 1000, ratingSum: Math.round(a.trueMean * 1000) } : historyOf(a, s.seed);
      // A history of rated calls implies that many (and a few unrated) calls of the agent's usual length.
      const totalCalls = h.ratingCount > 0 ? Math.round(h.ratingCount / s.ratingProbability) : 0;
      return {
        id: a.id,
        name: a.name,
        phone: a.phone,
        status: a.joinsAt > dayOpensAt(0) ? ("OFFLINE" as const) : ("AVAILABLE" as const),
        totalCalls,
        totalTalkSeconds: Math.round(totalCalls * a.handleMeanSeconds),
        avgCallDuration: totalCalls > 0 ? a.handleMeanSeconds : 0,
        ratingSum: h.ratingSum,
        ratingCount: h.ratingCount,
        idleSince: start,
        createdAt: start,
      };
    }),
  });
  await db.agentLanguage.createMany({
    data: agents.flatMap((a) => a.languages.map((languageCode) => ({ agentId: a.id, languageCode }))),
  });
  const skills = agents.flatMap((a) => a.skills.map((k) => ({ agentId: a.id, skill: k.skill, proficiency: k.proficiency })));
  if (skills.length > 0) await db.agentSkill.createMany({ data: skills });
  const customers = Array.from({ length: s.customers }, (_, i) => ({
    id: `cust-${i}`,
    phone: customerPhone(i),
    priority: customerPriority(s, i),
    createdAt: start,
  }));
  for (let i = 0; i < customers.length; i += 1000) await db.customer.createMany({ data: customers.slice(i, i + 1000) });
}
