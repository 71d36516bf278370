// The receipts' answer store (answer-store.ts): many answers per statement, one statement in flight, retries of a
// failed batch, and no answer lost silently under random faults.
import { describe, expect, it } from "vitest";
import { createAnswerStore, type AnswerBatch } from "./answer-store";

/** A write that waits until the test lets it finish, recording every batch it was given. */
function gatedWrite() {
  const batches: AnswerBatch[] = [];
  let release: (() => void) | undefined;
  const write = (batch: AnswerBatch) => {
    batches.push(batch);
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };
  return { batches, write, release: () => release?.() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("answer store", () => {
  it("stores an idle answer at once, and answers produced meanwhile together in the next statement", async () => {
    const gate = gatedWrite();
    const store = createAnswerStore({ write: gate.write, retryDelaysMs: [] });
    const first = store.store("k1", "<a/>");
    await tick();
    expect(gate.batches).toEqual([[{ key: "k1", xml: "<a/>" }]]);
    const rest = ["k2", "k3", "k4"].map((k) => store.store(k, `<${k}/>`));
    await tick();
    expect(gate.batches).toHaveLength(1); // one statement in flight at a time
    expect(store.pending()).toBe(4);
    gate.release();
    expect(await first).toBe(true);
    await tick();
    expect(gate.batches[1]!.map((a) => a.key)).toEqual(["k2", "k3", "k4"]);
    gate.release();
    expect(await Promise.all(rest)).toEqual([true, true, true]);
    expect(store.pending()).toBe(0);
  });

  it("a newer answer for a queued key replaces the older one (a step taken over and run again)", async () => {
    const gate = gatedWrite();
    const store = createAnswerStore({ write: gate.write, retryDelaysMs: [] });
    const busy = store.store("other", "<o/>");
    await tick();
    const older = store.store("k", "<old/>");
    const newer = store.store("k", "<new/>");
    gate.release();
    await busy;
    await tick();
    expect(gate.batches[1]).toEqual([{ key: "k", xml: "<new/>" }]);
    gate.release();
    expect(await Promise.all([older, newer])).toEqual([true, true]);
  });

  it("caps a statement at maxBatch answers", async () => {
    const gate = gatedWrite();
    const store = createAnswerStore({ write: gate.write, retryDelaysMs: [], maxBatch: 2 });
    const all = ["a", "b", "c", "d", "e"].map((k) => store.store(k, k));
    for (let i = 0; i < 4; i++) {
      await tick();
      gate.release();
    }
    expect(await Promise.all(all)).toEqual([true, true, true, true, true]);
    // The first answer goes at once (nothing in flight); the rest queue behind it, two per statement.
    expect(gate.batches.map((b) => b.length)).toEqual([1, 2, 2]);
  });

  it("randomised faults: every answer lands exactly as last produced, or its waiter hears it was given up", async () => {
    let seed = 20261130;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const db = new Map<string, string>();
    let statements = 0;
    let failures = 0;
    const write = async (batch: AnswerBatch) => {
      statements++;
      await new Promise((r) => setTimeout(r, random() < 0.5 ? 0 : 1));
      if (random() < 0.35) {
        failures++;
        throw new Error("connection reset");
      }
      for (const a of batch) db.set(a.key, a.xml);
    };
    const store = createAnswerStore({ write, retryDelaysMs: [0, 0, 0], sleep: async () => undefined });
    const produced = new Map<string, string>();
    const outcomes: Array<Promise<{ key: string; xml: string; stored: boolean }>> = [];
    for (let i = 0; i < 600; i++) {
      const key = `k${Math.floor(random() * 450)}`; // some keys answered twice (takeovers)
      const xml = `<r${i}/>`;
      produced.set(key, xml);
      outcomes.push(store.store(key, xml).then((stored) => ({ key, xml, stored })));
      if (random() < 0.3) await new Promise((r) => setTimeout(r, 0));
    }
    const results = await Promise.all(outcomes);
    const given = results.filter((r) => !r.stored);
    const lastOfKey = results.filter((r) => produced.get(r.key) === r.xml);
    for (const r of lastOfKey) {
      if (r.stored) expect(db.get(r.key), r.key).toBe(r.xml);
      else expect(db.get(r.key), r.key).not.toBe(r.xml);
    }
    console.log(
      `answer store under faults: ${results.length} answers, ${produced.size} keys, ${statements} statements, ${failures} failed, ` +
        `${given.length} answers given up, ${db.size} keys stored`,
    );
    expect(statements).toBeLessThan(results.length / 2); // batching: far fewer statements than answers
    expect(failures).toBeGreaterThan(0);
    expect(store.pending()).toBe(0);
  });
});
