// The discrete-event simulation of one policy on one floor: the real lib/routing code (heap, score, claims, queue,
// failover, coaching) against a real database, on a virtual clock passed as `now` to every routing call. Nothing
// here decides who gets a call: assignAgent does; the simulation only plays the callers and agents around it.
import type { Db } from "../db/client";
import { direct } from "../db/direct";
import { assignAgent, listQueue, recordDialResult, recordRating, releaseCall } from "../routing";
import type { RoutingConfig } from "../routing/config";
import { MinHeap } from "../routing/min-heap";
import { type Caller, customerPhone, customerPriority, dayOpensAt, handleSeconds, type LabAgent, RING_NO_ANSWER_SECONDS, ratingFrom } from "./population";
import type { Scenario } from "./scenario";

export type CallerOutcome = {
  index: number;
  language: string;
  arrivalAt: number;
  outcome: "served" | "abandoned" | "gave-up";
  waitSeconds: number; // to the answering agent, or until leaving
  agentId: string | null;
  talkSeconds: number;
  rating: number | null;
  answeredAt: number | null;
  skill: string | null; // #19: the skill the caller's number needed
  priority: number; // #19: the customer's priority
};

export type CoachingEvent = { agentId: string; flaggedAt: number; callsBefore: number; ratingsBefore: number; badRatingsBefore: number };

export type SimulationLog = { callers: CallerOutcome[]; coaching: CoachingEvent[]; decisions: number };

type Event = { at: number; seq: number; kind: "arrive" | "miss" | "end" | "abandon" | "max-wait" | "join" | "poll"; ref: number };

type CallerState = {
  caller: Caller;
  attempts: number;
  waiting: boolean;
  done: boolean;
  abandonScheduled: boolean;
  agent: LabAgent | null;
  result: CallerOutcome;
};

const quiet = { defer: () => undefined }; // no realtime traffic in the lab

export async function simulate(
  db: Db,
  s: Scenario,
  agents: LabAgent[],
  callers: Caller[],
  config: Partial<RoutingConfig>,
): Promise<SimulationLog> {
  const agentById = new Map(agents.map((a) => [a.id, a]));
  const events = new MinHeap<Event>(
    (e) => String(e.seq),
    (a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq),
  );
  let seq = 0;
  const schedule = (at: number, kind: Event["kind"], ref: number) => events.push({ at, seq: seq++, kind, ref });
  const states = callers.map<CallerState>((caller) => ({
    caller,
    attempts: 0,
    waiting: false,
    done: false,
    abandonScheduled: false,
    agent: null,
    result: {
      index: caller.index,
      language: caller.language,
      arrivalAt: caller.arrivalAt,
      outcome: "abandoned",
      waitSeconds: 0,
      agentId: null,
      talkSeconds: 0,
      rating: null,
      answeredAt: null,
      skill: caller.skill,
      priority: customerPriority(s, caller.customer),
    },
  }));
  for (const c of callers) schedule(c.arrivalAt, "arrive", c.index);
  agents.forEach((a, i) => {
    if (a.joinsAt > dayOpensAt(0)) schedule(a.joinsAt, "join", i); // seeded OFFLINE until then (floor.ts)
  });

  let decisions = 0;
  const served = new Map<string, { calls: number; ratings: number; bad: number; flagged: boolean }>();
  const coaching: CoachingEvent[] = [];
  let now = 0;
  const opts = () => ({ ...quiet, now: new Date(now), config });

  const finish = async (st: CallerState, outcome: CallerOutcome["outcome"]) => {
    st.done = true;
    st.waiting = false;
    st.result.outcome = outcome;
    if (outcome !== "served") st.result.waitSeconds = (now - st.caller.arrivalAt) / 1000;
    // The hangup webhook: routing releases what the call holds; the IVR stamps the end.
    await releaseCall(db, { callId: st.caller.id }, opts());
    const at = new Date(now);
    await direct(db).$executeRaw`
      UPDATE "Call" SET "status" = ${outcome === "served" ? "COMPLETED" : "ABANDONED"}, "endedAt" = ${at}, "step" = ${"DONE"}, "updatedAt" = ${at}
      WHERE "id" = ${st.caller.id}`;
  };

  const route = async (st: CallerState): Promise<"assigned" | "queued" | "held" | "left"> => {
    decisions++;
    const r = await assignAgent(db, { callId: st.caller.id, languageCode: st.caller.language }, opts());
    if (r.kind === "gave-up") {
      await finish(st, "gave-up");
      return "left";
    }
    if (r.kind === "queued") {
      st.waiting = true;
      if (!st.abandonScheduled) {
        st.abandonScheduled = true;
        schedule(st.caller.arrivalAt + st.caller.patienceSeconds * 1000, "abandon", st.caller.index);
        schedule(now + ((config.maxQueueWaitSeconds ?? 300) + 1) * 1000, "max-wait", st.caller.index);
        // The hold loop polls every few seconds in production; here the one poll that matters without an agent
        // freeing up is the one after a preferred agent's wait runs out (#19).
        if (config.preferredAgent) schedule(now + ((config.preferredWaitSeconds ?? 20) + 1) * 1000, "poll", st.caller.index);
      }
      return r.waitingForPreferred ? "held" : "queued"; // held for a preferred agent: not in anyone's way
    }
    const agent = agentById.get(r.agent.id);
    if (!agent) throw new Error(`routing chose an agent the lab does not know: ${r.agent.id}`);
    st.waiting = false;
    st.agent = agent;
    const attempt = st.attempts++;
    if ((st.caller.missU[attempt] ?? 1) < agent.missProbability) {
      schedule(now + RING_NO_ANSWER_SECONDS * 1000, "miss", st.caller.index);
    } else {
      st.result.answeredAt = now;
      st.result.waitSeconds = (now - st.caller.arrivalAt) / 1000;
      const talk = handleSeconds(agent, st.caller.handleZ, s.handleTimeCv);
      st.result.talkSeconds = talk;
      schedule(now + talk * 1000, "end", st.caller.index);
    }
    return "assigned";
  };

  /** An agent freed up (or joined): the IVR's waiting callers of their languages poll in queue order (the database's
   * (place in line, id), lib/routing/queue.ts); a caller who stays queued holds up the rest of their line. */
  const byCallId = new Map(states.map((st) => [st.caller.id, st]));
  const pollQueue = async (languages: string[]) => {
    const waiting = (await listQueue(db))
      .map((q) => byCallId.get(q.callId))
      .filter((st): st is CallerState => st !== undefined && st.waiting && !st.done && languages.includes(st.caller.language));
    const blocked = new Set<string>();
    for (const st of waiting) {
      const line = `${st.caller.language}|${st.caller.skill ?? ""}`;
      if (blocked.has(line)) continue;
      if ((await route(st)) === "queued") blocked.add(line);
    }
  };

  for (let e = events.pop(); e !== undefined; e = events.pop()) {
    now = e.at;
    if (e.kind === "join") {
      const agent = agents[e.ref] as LabAgent;
      await db.agent.update({ where: { id: agent.id }, data: { status: "AVAILABLE", idleSince: new Date(now) } });
      await pollQueue(agent.languages);
      continue;
    }
    const st = states[e.ref] as CallerState;
    if (st.done) continue;
    const c = st.caller;
    switch (e.kind) {
      case "arrive": {
        // What the IVR has stored by the time the caller asks for an agent (raw SQL: the ORM's planning would
        // dominate the lab's own cost, lib/db/direct.ts).
        const at = new Date(now);
        await direct(db).$executeRaw`
          INSERT INTO "Call" ("id", "callUuid", "direction", "from", "to", "customerId", "languageCode", "status", "step",
            "startedAt", "stepEnteredAt", "createdAt", "updatedAt")
          VALUES (${c.id}, ${c.id}, ${"INBOUND"}, ${customerPhone(c.customer)}, ${c.dialled}, ${`cust-${c.customer}`},
            ${c.language}, ${"IN_IVR"}, ${"ROUTING"}, ${at}, ${at}, ${at}, ${at})`;
        await route(st);
        break;
      }
      case "poll":
        if (st.waiting) await route(st);
        break;
      case "abandon":
      case "max-wait":
        if (!st.waiting) break;
        if (e.kind === "abandon") await finish(st, "abandoned");
        else await route(st); // the IVR's poll past the maximum wait: gave-up (or, rarely, an agent at last)
        break;
      case "miss": {
        const agent = st.agent as LabAgent;
        const next = await recordDialResult(db, { callId: c.id, dialStatus: "no-answer", talkSeconds: 0 }, opts());
        if (next.next === "retry") await route(st);
        else if (next.next === "queue") {
          st.waiting = true;
          if (!st.abandonScheduled) {
            st.abandonScheduled = true;
            schedule(c.arrivalAt + c.patienceSeconds * 1000, "abandon", c.index);
            schedule(now + ((config.maxQueueWaitSeconds ?? 300) + 1) * 1000, "max-wait", c.index);
          }
        }
        await pollQueue(agent.languages);
        break;
      }
      case "end": {
        const agent = st.agent as LabAgent;
        const talk = st.result.talkSeconds;
        const dial = await recordDialResult(db, { callId: c.id, dialStatus: "completed", talkSeconds: talk }, opts());
        if (dial.next !== "feedback") throw new Error(`completed dial of ${c.id} answered ${dial.next}`);
        st.result.agentId = agent.id;
        const tally = served.get(agent.id) ?? { calls: 0, ratings: 0, bad: 0, flagged: false };
        served.set(agent.id, tally);
        tally.calls++;
        if (c.ratesU < s.ratingProbability) {
          const rating = ratingFrom(agent, c.ratingU, c.skill);
          st.result.rating = rating;
          await recordRating(db, { callId: c.id, rating }, opts());
          tally.ratings++;
          if (rating <= 2) tally.bad++;
          if (!tally.flagged) {
            const [row] = await direct(db).$queryRaw<Array<{ coachingFlag: boolean | number }>>`
              SELECT "coachingFlag" FROM "Agent" WHERE "id" = ${agent.id}`;
            if (row?.coachingFlag) {
              tally.flagged = true;
              coaching.push({ agentId: agent.id, flaggedAt: now, callsBefore: tally.calls, ratingsBefore: tally.ratings, badRatingsBefore: tally.bad });
            }
          }
        }
        await finish(st, "served");
        await pollQueue(agent.languages);
        break;
      }
    }
  }
  return { callers: states.map((st) => st.result), coaching, decisions };
}
