// Client-side state of the rows a page patched from its partial re-fetches, keyed (agent id, call id, "queue"),
// each stamped with the server's clock when it was read. A row shows its patch only if that is newer than the
// page's own render (mergeRow, board-row.ts), so a full refresh and a patch can arrive in either order. Read from
// React with usePatchStore (useSyncExternalStore: the map is replaced on every change).
import { useSyncExternalStore } from "react";

export type Stamped<T> = { value: T; asOf: number };

export type PatchStore<T> = {
  get: (key: string) => Stamped<T> | undefined;
  snapshot: () => ReadonlyMap<string, Stamped<T>>;
  /** Stores each entry unless the store already holds a newer one for its key. */
  set: (entries: Iterable<[string, T]>, asOf: number) => void;
  /** Forgets entries read before `asOf` (a full render newer than them has replaced them). */
  prune: (asOf: number) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createPatchStore<T>(): PatchStore<T> {
  let map = new Map<string, Stamped<T>>();
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const l of listeners) l();
  };
  return {
    get: (key) => map.get(key),
    snapshot: () => map,
    set(entries, asOf) {
      const next = new Map(map);
      let changed = false;
      for (const [key, value] of entries) {
        const prev = next.get(key);
        if (prev && prev.asOf > asOf) continue;
        next.set(key, { value, asOf });
        changed = true;
      }
      if (!changed) return;
      map = next;
      emit();
    },
    prune(asOf) {
      if (![...map.values()].some((e) => e.asOf < asOf)) return;
      map = new Map([...map].filter(([, e]) => e.asOf >= asOf));
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** A store's current map, re-rendering the component when it changes (client components). */
export function usePatchStore<T>(store: PatchStore<T>): ReadonlyMap<string, Stamped<T>> {
  return useSyncExternalStore(store.subscribe, store.snapshot, store.snapshot);
}
