// Migrates one template SQLite database per test run; each test file gets its own copy (per-file-db.ts), so
// files run in parallel and in any order without seeing each other's rows.
import { mkdirSync, rmSync } from "node:fs";
import { migrateDeploy } from "../../lib/db/migrate";
import { ROOT, TEMPLATE_DB, TEST_DATA_DIR } from "./paths";

export default function setup() {
  rmSync(TEST_DATA_DIR, { recursive: true, force: true });
  mkdirSync(TEST_DATA_DIR, { recursive: true });
  migrateDeploy(`file:${TEMPLATE_DB}`, ROOT);
  return () => rmSync(TEST_DATA_DIR, { recursive: true, force: true });
}
