// One Prisma client per process (a globalThis singleton survives Next's dev reloads), on a driver adapter chosen
// by DATABASE_URL: a SQLite file through better-sqlite3 (embedded default; WAL + waiting for the write lock make
// concurrent claims from several processes safe: serialize-sqlite-adapter.ts) or PostgreSQL through node-postgres (production).
// Both generated clients come from the same models (prisma/postgres/schema.prisma is generated from
// prisma/schema.prisma), so the SQLite client's type describes either.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { env } from "../env";
import { log } from "../log";
import { DEFAULT_PG_POOL_SIZE } from "../env-defaults";
import { isPostgresUrl } from "./migrate";
import { withDirectSql } from "./direct";
import { startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";
import { PreparedPrismaPg } from "./prepared-pool";
import { BUSY_DEADLINE_MS, serializeSqliteAdapter } from "./serialize-sqlite-adapter";

export type Db = PrismaClient;

// DATABASE_URL may be a transaction-mode pooler (PgBouncer, a hosted provider's pooled URL): each statement outside a
// transaction, and each transaction, may run on a different server connection. So the app keeps no session state:
// no named prepared statements unless DATABASE_PREPARED_STATEMENTS=1 says the connection can keep them
// (prepared-pool.ts; node-postgres `name`; the Prisma adapter sends unnamed ones), no SET outside a
// transaction (SET LOCAL inside one is fine), no session advisory locks (pg_advisory_xact_lock is fine), no LISTEN,
// no temporary tables. tests/integration/pooler-rules.test.ts checks what the driver sends; CI runs the integration,
// db and routing tests through PgBouncer (scripts/test-postgres.mts). README "PostgreSQL over a network".

export type PgOptions = {
  /** DATABASE_PREPARED_STATEMENTS: one-off statements as named prepared statements (prepared-pool.ts). */
  preparedStatements?: boolean;
};

export function createPrismaClient(databaseUrl: string, pgPoolSize = DEFAULT_PG_POOL_SIZE, pgOptions: PgOptions = {}): PrismaClient {
  if (isPostgresUrl(databaseUrl)) {
    // withDirectSql: lib/db/direct.ts sends the hot path's raw SQL through this same adapter.
    const config = { connectionString: databaseUrl, max: pgPoolSize, idleTimeoutMillis: 10_000 };
    const adapter = pgOptions.preparedStatements ? new PreparedPrismaPg(config) : new PrismaPg(config);
    return withDirectSql(adapter, (factory) => new PgPrismaClient({ adapter: factory }) as unknown as PrismaClient);
  }
  if (!databaseUrl.startsWith("file:")) throw new Error("DATABASE_URL must be a file: or postgres(ql):// URL");
  // timeout 0: waiting for another process's write lock happens asynchronously in the wrapper, not inside SQLite.
  const adapter = serializeSqliteAdapter(new PrismaBetterSQLite3({ url: databaseUrl, timeout: 0 }));
  // A transaction starts with BEGIN IMMEDIATE (serialize-sqlite-adapter.ts), so waiting for another process's write
  // lock counts against maxWait: give it as long as a statement may wait (BUSY_DEADLINE_MS).
  return withDirectSql(adapter, (factory) => new PrismaClient({ adapter: factory, transactionOptions: { maxWait: BUSY_DEADLINE_MS } }));
}

export function isSqlite(databaseUrl: string) {
  return databaseUrl.startsWith("file:");
}

/** Per-connection SQLite settings (WAL persists in the file; synchronous is per connection). No-op on PostgreSQL. */
export async function tuneSqlite(client: PrismaClient, databaseUrl = env().databaseUrl) {
  if (!isSqlite(databaseUrl)) return;
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; prismaReady?: Promise<void>; walCheckpointer?: WalCheckpointer | null };

/** The shared client's WAL checkpoint thread (SQLite with SQLITE_CHECKPOINT_THREAD on), or null. */
export function walCheckpointer(): WalCheckpointer | null {
  return globalForPrisma.walCheckpointer ?? null;
}

/** The shared client, with its connection tuned before first use. */
export async function getDb(): Promise<PrismaClient> {
  if (!globalForPrisma.prisma) {
    const { databaseUrl: url, databasePoolSize, databasePreparedStatements } = env();
    globalForPrisma.prisma = createPrismaClient(url, databasePoolSize, { preparedStatements: databasePreparedStatements });
    const client = globalForPrisma.prisma;
    globalForPrisma.prismaReady = tuneSqlite(client, url).then(() => {
      // Checkpoints on a thread of their own, not inside a webhook's COMMIT (wal-checkpointer.ts).
      if (!isSqlite(url) || !env().sqliteCheckpointThread) return;
      try {
        globalForPrisma.walCheckpointer = startWalCheckpointer(client, url);
      } catch (err) {
        // No thread (e.g. the process's thread limit): SQLite keeps checkpointing inline, the app still starts.
        log.error({ err }, "could not start the WAL checkpoint thread; SQLite checkpoints on the server's thread");
      }
    });
  }
  await globalForPrisma.prismaReady;
  return globalForPrisma.prisma;
}
