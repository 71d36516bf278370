// Small read caches kept per database client (tests and the lab open several clients in one process): one promise
// per key, shared by every reader for ttlMs, so concurrent readers wait for one read; a failed read is not kept.
// The caller passes the time the age is measured on (its own clock: the request's `now`, Date.now() or the
// monotonic performance.now()), and `forget` drops every entry of a client (a change made behind the cache's back).
import type { Db } from "./client";

export type PerDbCache<T> = {
  get(db: Db, key: string, at: number, load: () => Promise<T>): Promise<T>;
  forget(db: Db): void;
};

export function perDbCache<T>(ttlMs: number): PerDbCache<T> {
  const byDb = new WeakMap<Db, Map<string, { at: number; value: Promise<T> }>>();
  return {
    get(db, key, at, load) {
      let entries = byDb.get(db);
      if (!entries) byDb.set(db, (entries = new Map()));
      const hit = entries.get(key);
      if (hit && Math.abs(at - hit.at) < ttlMs) return hit.value;
      const entry = { at, value: load() };
      entries.set(key, entry);
      const kept = entries;
      entry.value.catch(() => {
        if (kept.get(key) === entry) kept.delete(key);
      });
      return entry.value;
    },
    forget(db) {
      byDb.delete(db);
    },
  };
}
