// Fixtures for the routing tests and the benchmark: languages, agents and calls written straight to the database.
import type { Db } from "../../lib/db/client";
import type { RoutingConfig, RoutingOptions } from "../../lib/routing/config";

export async function ensureLanguages(db: Db) {
  for (const [code, name, menuDigit] of [
    ["en", "English", 1],
    ["es", "Español", 2],
  ] as const) {
    await db.language.upsert({ where: { code }, create: { code, name, locale: `${code}-US`, menuDigit }, update: {} });
  }
}

export type AgentSeed = {
  name?: string;
  languages?: string[];
  totalCalls?: number;
  avgSeconds?: number;
  ratingSum?: number;
  ratingCount?: number;
  idleSince?: Date;
  status?: "AVAILABLE" | "BUSY" | "WRAP_UP" | "NOT_READY" | "OFFLINE";
  skills?: Array<{ skill: string; proficiency: number }>; // #19
};

let phoneCounter = 0;

export async function createAgent(db: Db, seed: AgentSeed = {}) {
  phoneCounter++;
  const totalCalls = seed.totalCalls ?? 0;
  const avg = seed.avgSeconds ?? 0;
  return db.agent.create({
    data: {
      name: seed.name ?? `Agent ${phoneCounter}`,
      phone: `+1415${String(Date.now() % 1e6).padStart(6, "0")}${String(phoneCounter).padStart(4, "0")}`,
      status: seed.status ?? "AVAILABLE",
      totalCalls,
      totalTalkSeconds: totalCalls * avg,
      avgCallDuration: avg,
      ratingSum: seed.ratingSum ?? 0,
      ratingCount: seed.ratingCount ?? 0,
      idleSince: seed.idleSince ?? new Date(),
      languages: { create: (seed.languages ?? ["en"]).map((languageCode) => ({ languageCode })) },
      ...(seed.skills ? { skills: { create: seed.skills } } : {}),
    },
  });
}

let callCounter = 0;

export async function createCall(db: Db, languageCode = "en", extra: { customerId?: string; to?: string } = {}) {
  callCounter++;
  return db.call.create({
    data: {
      callUuid: `test-${process.pid}-${Date.now()}-${callCounter}`,
      direction: "INBOUND",
      from: "+14155559999",
      to: extra.to ?? "+14155550000",
      languageCode,
      step: "ROUTING",
      status: "IN_IVR",
      customerId: extra.customerId,
    },
  });
}

/** Options for tests: no realtime traffic (signals are counted instead), an always-fresh cache unless overridden. */
export function testOptions(config: Partial<RoutingConfig> = {}, now?: Date) {
  const published: number[] = [];
  const opts: RoutingOptions = {
    // Wrap-up off unless a test turns it on: these tests are about routing; lib/agent-state tests cover wrap-up.
    config: { cacheTtlMs: 0, wrapUpSeconds: 0, ...config },
    now,
    defer: () => void published.push(1),
  };
  return { opts, published };
}
