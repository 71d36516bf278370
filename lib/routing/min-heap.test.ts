import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinHeap } from "./min-heap";

type Item = { id: string; score: number; idle: number };
// Same shape as the routing order: score, then idle longest (smaller idle timestamp), then id for determinism.
const less = (a: Item, b: Item) =>
  a.score !== b.score ? a.score < b.score : a.idle !== b.idle ? a.idle < b.idle : a.id < b.id;
const cmp = (a: Item, b: Item) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);
const heapOf = (items: Item[] = []) => new MinHeap<Item>((i) => i.id, less, items);

const item = fc.record({
  id: fc.integer({ min: 0, max: 40 }).map((n) => `a${n}`),
  score: fc.integer({ min: -20, max: 20 }).map((n) => n / 2), // halves make ties common
  idle: fc.integer({ min: 0, max: 5 }),
});

type Op =
  | { op: "push"; item: Item }
  | { op: "pop" }
  | { op: "remove"; id: string }
  | { op: "topK"; k: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  item.map((i) => ({ op: "push" as const, item: i })),
  fc.constant({ op: "pop" as const }),
  fc.integer({ min: 0, max: 40 }).map((n) => ({ op: "remove" as const, id: `a${n}` })),
  fc.integer({ min: 0, max: 8 }).map((k) => ({ op: "topK" as const, k })),
);

describe("MinHeap", () => {
  it("pops in order, breaking score ties by idle time", () => {
    const heap = heapOf([
      { id: "b", score: 1, idle: 5 },
      { id: "a", score: 1, idle: 2 },
      { id: "c", score: -3, idle: 9 },
    ]);
    expect([heap.pop()?.id, heap.pop()?.id, heap.pop()?.id, heap.pop()]).toEqual(["c", "a", "b", undefined]);
  });

  it("updates an item in place by key (push with an existing key moves it)", () => {
    const heap = heapOf([
      { id: "a", score: 1, idle: 0 },
      { id: "b", score: 2, idle: 0 },
    ]);
    heap.push({ id: "a", score: 3, idle: 0 });
    expect(heap.size).toBe(2);
    expect(heap.peek()?.id).toBe("b");
    expect(heap.remove("b")?.id).toBe("b");
    expect(heap.remove("b")).toBeUndefined();
    expect(heap.peek()?.id).toBe("a");
  });

  it("matches a sorted reference under any sequence of push/pop/remove/update/topK", () => {
    fc.assert(
      fc.property(fc.array(item), fc.array(op, { maxLength: 200 }), (initial, ops) => {
        const heap = heapOf(initial);
        const ref = new Map<string, Item>();
        for (const i of initial) ref.set(i.id, i);
        const sorted = () => [...ref.values()].sort(cmp);
        for (const o of ops) {
          if (o.op === "push") {
            heap.push(o.item);
            ref.set(o.item.id, o.item);
          } else if (o.op === "pop") {
            const expected = sorted()[0];
            expect(heap.pop()).toEqual(expected);
            if (expected) ref.delete(expected.id);
          } else if (o.op === "remove") {
            expect(heap.remove(o.id)).toEqual(ref.get(o.id));
            ref.delete(o.id);
          } else {
            expect(heap.topK(o.k)).toEqual(sorted().slice(0, o.k));
          }
          expect(heap.size).toBe(ref.size);
          expect(heap.peek()).toEqual(sorted()[0]);
        }
        expect(heap.toSortedArray()).toEqual(sorted());
      }),
      { numRuns: 300 },
    );
  });

  it("heapify then draining equals sorting", () => {
    fc.assert(
      fc.property(fc.uniqueArray(item, { selector: (i) => i.id }), (items) => {
        const heap = heapOf(items);
        const out: Item[] = [];
        for (let i = heap.pop(); i !== undefined; i = heap.pop()) out.push(i);
        expect(out).toEqual([...items].sort(cmp));
      }),
    );
  });
});
