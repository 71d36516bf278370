// One Prisma client per process (a globalThis singleton survives Next's dev reloads). The embedded default is a
// SQLite file through better-sqlite3 in WAL mode with a busy timeout, which is what makes concurrent claims from
// several server processes safe (see ../shared/TOOLCHAIN.md, item 11).
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";

export type Db = PrismaClient;

export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL "${databaseUrl.split("@").pop()}" is not a SQLite file URL; this build supports file: URLs (PostgreSQL is configured with its own Prisma target).`,
    );
  }
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  return client;
}

/** Per-connection SQLite settings. WAL persists in the file; synchronous is per connection. */
export async function tuneSqlite(client: PrismaClient) {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await client.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
}

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; prismaReady?: Promise<void> };

/** The shared client, with its connection tuned before first use. */
export async function getDb(): Promise<PrismaClient> {
  if (!globalForPrisma.prisma) {
    globalForPrisma.prisma = createPrismaClient(env().databaseUrl);
    globalForPrisma.prismaReady = tuneSqlite(globalForPrisma.prisma);
  }
  await globalForPrisma.prismaReady;
  return globalForPrisma.prisma;
}
