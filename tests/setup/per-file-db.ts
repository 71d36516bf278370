// Gives this test file a private, migrated, empty database before any app module reads the environment.
import { copyFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { inject } from "vitest";

const dir = inject("testDataDir");
const file = resolve(dir, `${randomUUID()}.db`);
copyFileSync(resolve(dir, "template.db"), file);
process.env.DATABASE_URL = `file:${file}`;
process.env.PUBLIC_BASE_URL ??= "http://localhost:3000";
