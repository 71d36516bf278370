// Gives this test file a private, migrated, empty database before any app module reads the environment.
import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { TEMPLATE_DB, TEST_DATA_DIR } from "./paths";

const file = resolve(TEST_DATA_DIR, `${randomUUID()}.db`);
copyFileSync(TEMPLATE_DB, file);
process.env.DATABASE_URL = `file:${file}`;
process.env.PUBLIC_BASE_URL ??= "http://localhost:3000";
