// A spec's own slice of the agent floor: it takes the seeded agents of a language off the floor (OFFLINE), adds
// QA agents with known stats, hands out caller numbers, and on cleanup deletes every call, customer, webhook
// receipt and agent it made and puts the agents it took back. So specs run in any order, twice in a row, against
// the same server, and the seeded floor's stats never move.
import type { Db } from "../../lib/db/client";

export type QaAgent = { id: string; name: string; phone: string; languages: string[] };

export type QaAgentInput = {
  /** Shown on the board as "QA <name> <run tag>". */
  name: string;
  languages: string[];
  /** A history of one connected call of this length (seconds): raises the duration term of the score. */
  pastTalkSeconds?: number;
  /** Ties between equal scores go to the agent idle longest: an older idleSince puts this agent first. */
  idleMinutes?: number;
};

export const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, "0");

export class Floor {
  /** Distinguishes this spec run's agents on the board. */
  readonly tag = digits(4);
  private readonly agents: QaAgent[] = [];
  private readonly takenOff: string[] = [];
  private readonly callers: string[] = [];

  constructor(private readonly db: Db) {}

  /** Takes every available agent serving one of `languages` off the floor until cleanup. */
  async clear(languages: string[]): Promise<void> {
    const serving = await this.db.agent.findMany({
      where: { languages: { some: { languageCode: { in: languages } } }, id: { notIn: this.agents.map((a) => a.id) } },
      select: { id: true, name: true, status: true },
    });
    // A busy agent here means some earlier call never ended: the floor is not what this spec can reason about.
    const busy = serving.filter((a) => a.status === "BUSY");
    if (busy.length > 0) throw new Error(`agents still on a call before the spec: ${busy.map((a) => a.name).join(", ")}`);
    // A wrap-up ends by itself, so an agent in one would be back on the floor mid-spec: take them off too.
    const ids = serving.filter((a) => a.status === "AVAILABLE" || a.status === "WRAP_UP").map((a) => a.id);
    await this.db.agent.updateMany({ where: { id: { in: ids }, status: { in: ["AVAILABLE", "WRAP_UP"] } }, data: { status: "OFFLINE", wrapUpUntil: null } });
    this.takenOff.push(...ids);
  }

  async addAgent(input: QaAgentInput): Promise<QaAgent> {
    const name = `QA ${input.name} ${this.tag}`;
    const phone = `+1206555${digits(4)}`;
    const talk = input.pastTalkSeconds ?? 0;
    const row = await this.db.agent.create({
      data: {
        name,
        phone,
        totalCalls: talk > 0 ? 1 : 0,
        totalTalkSeconds: talk,
        avgCallDuration: talk,
        idleSince: new Date(Date.now() - (input.idleMinutes ?? 0) * 60_000),
        languages: { create: input.languages.map((languageCode) => ({ languageCode })) },
      },
    });
    const agent = { id: row.id, name, phone, languages: input.languages };
    this.agents.push(agent);
    return agent;
  }

  /** Calls from (or to) this number and its customer row are removed on cleanup. */
  trackCaller(phone: string) {
    this.callers.push(phone);
  }

  /** Per routing decision of this spec's callers: how many claims it tried (more than 1: it lost a claim to another). */
  async claimAttempts(): Promise<number[]> {
    const rows = await this.db.routingDecision.findMany({
      where: { call: { from: { in: this.callers } } },
      select: { claimAttempts: true },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((r) => r.claimAttempts);
  }

  async cleanup(): Promise<void> {
    const agentIds = this.agents.map((a) => a.id);
    const calls = await this.db.call.findMany({
      where: { OR: [{ from: { in: this.callers } }, { to: { in: this.callers } }, { agentId: { in: agentIds } }] },
      select: { id: true, callUuid: true },
    });
    const callIds = calls.map((c) => c.id);
    for (const c of calls) await this.db.webhookReceipt.deleteMany({ where: { key: { startsWith: `${c.callUuid}|` } } });
    // An agent outside this spec still holding one of its calls (should not happen) is given back, not left busy.
    await this.db.agent.updateMany({
      where: { currentCallId: { in: callIds }, id: { notIn: agentIds }, status: "BUSY" },
      data: { status: "AVAILABLE", currentCallId: null },
    });
    await this.db.call.deleteMany({ where: { id: { in: callIds } } });
    await this.db.customer.deleteMany({ where: { phone: { in: this.callers } } });
    await this.db.agent.deleteMany({ where: { id: { in: agentIds } } });
    await this.db.agent.updateMany({ where: { id: { in: this.takenOff }, status: "OFFLINE" }, data: { status: "AVAILABLE" } });
  }
}
