// PostgreSQL helpers for the test setup: clone a migrated template database per test file, drop it afterwards.
import pg from "pg";

export function postgresUrlFor(adminUrl: string, database: string) {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function runAdmin(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string) {
  await runAdmin(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
}
