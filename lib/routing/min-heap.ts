// An indexed binary min-heap: O(log n) push/pop/remove/update by key, O(n) heapify, O(k log k) non-destructive
// top-k. The index (key -> array position) is what lets the routing cache move one agent when its stats change
// instead of rebuilding 10,000 entries.

export type Less<T> = (a: T, b: T) => boolean;

export class MinHeap<T> {
  private items: T[] = [];
  private positions = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly less: Less<T>,
    initial: Iterable<T> = [],
  ) {
    for (const item of initial) {
      const key = keyOf(item);
      const at = this.positions.get(key);
      if (at !== undefined) {
        this.items[at] = item; // last one wins, like push
      } else {
        this.positions.set(key, this.items.length);
        this.items.push(item);
      }
    }
    // Floyd's heapify: sift down every internal node, bottom up.
    for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.positions.has(key);
  }

  get(key: string): T | undefined {
    const at = this.positions.get(key);
    return at === undefined ? undefined : this.items[at];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Insert, or replace the item with the same key (and restore order). */
  push(item: T): void {
    const key = this.keyOf(item);
    const at = this.positions.get(key);
    if (at !== undefined) {
      this.items[at] = item;
      this.restore(at);
      return;
    }
    this.items.push(item);
    this.positions.set(key, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top === undefined) return undefined;
    this.removeAt(0);
    return top;
  }

  remove(key: string): T | undefined {
    const at = this.positions.get(key);
    if (at === undefined) return undefined;
    const item = this.items[at];
    this.removeAt(at);
    return item;
  }

  /** The k smallest items in order, without changing the heap: a best-first walk of the tree. */
  topK(k: number): T[] {
    const out: T[] = [];
    if (k <= 0 || this.items.length === 0) return out;
    const frontier = new MinHeap<number>(String, (a, b) => this.less(this.at(a), this.at(b)), [0]);
    while (out.length < k) {
      const i = frontier.pop();
      if (i === undefined) break;
      out.push(this.at(i));
      const left = 2 * i + 1;
      if (left < this.items.length) frontier.push(left);
      if (left + 1 < this.items.length) frontier.push(left + 1);
    }
    return out;
  }

  /** Everything in heap order (pops a copy; O(n log n)). */
  toSortedArray(): T[] {
    const copy = new MinHeap(this.keyOf, this.less, this.items);
    const out: T[] = [];
    for (let item = copy.pop(); item !== undefined; item = copy.pop()) out.push(item);
    return out;
  }

  values(): readonly T[] {
    return this.items;
  }

  private at(i: number): T {
    const item = this.items[i];
    if (item === undefined) throw new RangeError(`heap index ${i} out of range`);
    return item;
  }

  private removeAt(i: number): void {
    const last = this.items.pop() as T; // non-empty: callers checked
    this.positions.delete(this.keyOf(i === this.items.length ? last : this.at(i)));
    if (i === this.items.length) return; // removed the last slot
    this.items[i] = last;
    this.positions.set(this.keyOf(last), i);
    this.restore(i);
  }

  private restore(i: number): void {
    if (i > 0 && this.less(this.at(i), this.at((i - 1) >> 1))) this.siftUp(i);
    else this.siftDown(i);
  }

  private swap(i: number, j: number): void {
    const a = this.at(i);
    const b = this.at(j);
    this.items[i] = b;
    this.items[j] = a;
    this.positions.set(this.keyOf(b), i);
    this.positions.set(this.keyOf(a), j);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(this.at(i), this.at(parent))) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.items.length;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(this.at(left), this.at(smallest))) smallest = left;
      if (right < n && this.less(this.at(right), this.at(smallest))) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
