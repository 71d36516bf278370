// Named prepared statements for PostgreSQL, opt-in (DATABASE_PREPARED_STATEMENTS=1; README "PostgreSQL over a
// network"). node-postgres sends every unnamed statement as Parse + Bind + Describe + Execute: PostgreSQL parses and
// plans the text again each time, and the driver writes the whole text (the hot path's CTE statements are 0.6-2.7 KB)
// on every round trip. A named statement is parsed once per connection; after that only Bind, Describe and Execute go.
// What it saves is PostgreSQL's parse and plan per statement and the text on the wire. On this 2-core machine, where
// the backends share the cores with the server, it let the server use 0.93-0.95 of a core instead of 0.83-0.85; completed
// calls/s moved by less than the run-to-run noise in alternating runs (README "PostgreSQL over a network", fourth pass).
//
// Off by default because a named statement lives in one server session: through a transaction-mode pooler that cannot
// follow them (PgBouncer before 1.21, or with max_prepared_statements = 0) the next statement may land on a server
// connection that never saw the Parse ("prepared statement ... does not exist"). Turn it on for a direct connection or
// a pooler that tracks prepared statements at the protocol level (PgBouncer >= 1.21 with max_prepared_statements > 0).
// tests/integration/pooler-rules.test.ts pins that the default sends none; prepared-statements.test.ts pins this mode.
//
// Only the pool's own queries are named: that is every statement outside a transaction (all of the hot path's on
// PostgreSQL). A transaction's statements go through a checked-out client and stay unnamed.
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * Distinct statement texts that get a name, per process. Each connection keeps a plan for every name it has run, so
 * the cap bounds the server's memory per connection; texts that vary without end (a multi-row VALUES list whose length
 * changes) fill it with rarely repeated statements, and everything past it is sent unnamed as before.
 */
export const MAX_NAMED_STATEMENTS = 256;

// A plan gone stale under a migration while the server runs ("cached plan must not change result type", SQLSTATE
// 0A000) fails that one run: pg-pool drops a connection whose query failed, so the next run is parsed afresh on
// another one (pinned by prepared-statements.test.ts).

type QueryConfig = { text?: unknown; name?: unknown };

export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max = MAX_NAMED_STATEMENTS) {}

  /** The name for this text, or undefined once the cap is reached for a text not seen before. */
  nameFor(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.max) return known;
    const name = `sb_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }

  get size() {
    return this.names.size;
  }
}

/** A pg.Pool whose one-off queries are named prepared statements (see the top of this file). */
export class PreparedStatementPool extends pg.Pool {
  readonly statementNames = new StatementNames();

  constructor(config?: pg.PoolConfig) {
    super(config);
    // pg.Pool.query's overloads (callback or promise) are kept: only a config object with a text and no name changes.
    const query = pg.Pool.prototype.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const config = args[0] as QueryConfig | undefined;
      if (!config || typeof config !== "object" || typeof config.text !== "string" || config.name !== undefined) return query(...args);
      const name = this.statementNames.nameFor(config.text);
      return name === undefined ? query(...args) : query({ ...config, name }, ...args.slice(1));
    }) as pg.Pool["query"];
  }
}

/**
 * The Prisma adapter factory on a PreparedStatementPool: each connect (the first query, and again after $disconnect)
 * gets a pool of its own, which $disconnect ends, as the plain factory does with the pools it makes.
 */
export class PreparedPrismaPg extends PrismaPg {
  constructor(private readonly poolConfig: pg.PoolConfig) {
    super(poolConfig);
  }

  override connect() {
    return new PrismaPg(new PreparedStatementPool(this.poolConfig), { disposeExternalPool: true }).connect();
  }
}
