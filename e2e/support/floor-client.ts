// The specs' side of floor-worker.mts: one child process per Playwright worker, one Floor handle per test.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { e2eDatabaseUrl, assertE2eDatabase } from "./e2e-db";
import type { QaAgent, QaAgentInput } from "./floor";
import type { FloorReply, FloorRequest } from "./floor-worker.mts";

export class FloorService {
  private nextId = 1;
  private nextFloor = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (reply: FloorReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(`floor worker: ${reply.error}`));
    });
    child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`floor worker exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(): Promise<FloorService> {
    const url = e2eDatabaseUrl();
    assertE2eDatabase(url);
    const env: NodeJS.ProcessEnv = { ...process.env, QA_DATABASE_URL: url };
    delete env.NODE_OPTIONS; // Playwright's own loader hooks are not for this process
    const child = fork(path.join(__dirname, "floor-worker.mts"), [], { execArgv: ["--import", "tsx"], env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`floor worker exited before it was ready (${code})`)));
    });
    return new FloorService(child);
  }

  request(floor: number, op: FloorRequest["op"], ...args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, floor, op, args } satisfies FloorRequest);
    });
  }

  async newFloor(): Promise<FloorHandle> {
    const id = this.nextFloor++;
    const tag = (await this.request(id, "create")) as string;
    return new FloorHandle(this, id, tag);
  }

  stop() {
    this.child.disconnect();
  }
}

const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, "0");

/** One test's floor (see floor.ts): seeded agents taken off, QA agents added, everything undone on cleanup. */
export class FloorHandle {
  private readonly beforeCleanup: Array<() => Promise<void>> = [];

  constructor(
    private readonly service: FloorService,
    private readonly id: number,
    readonly tag: string,
  ) {}

  /** Takes every available agent serving one of `languages` off the floor until cleanup. */
  async clear(languages: string[]): Promise<void> {
    await this.service.request(this.id, "clear", languages);
  }

  async addAgent(input: QaAgentInput): Promise<QaAgent> {
    return (await this.service.request(this.id, "addAgent", input)) as QaAgent;
  }

  /** A fresh caller number; its calls and customer row are removed on cleanup. */
  async callerNumber(): Promise<string> {
    const n = `+1303555${digits(4)}`;
    await this.service.request(this.id, "trackCaller", n);
    return n;
  }

  /** How many claims each routing decision of this floor's callers tried, oldest first. */
  async claimAttempts(): Promise<number[]> {
    return (await this.service.request(this.id, "claimAttempts")) as number[];
  }

  /** Runs before the rows go (e.g. hang up a phone still in a call, so no webhook arrives for a deleted call). */
  onCleanup(fn: () => Promise<void>) {
    this.beforeCleanup.push(fn);
  }

  async cleanup(): Promise<void> {
    const errors: unknown[] = [];
    for (const fn of this.beforeCleanup) await fn().catch((e: unknown) => errors.push(e));
    await this.service.request(this.id, "cleanup");
    if (errors.length > 0) throw errors[0];
  }
}
