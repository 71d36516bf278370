import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const TEST_DATA_DIR = resolve(ROOT, ".data/test");
export const TEMPLATE_DB = resolve(TEST_DATA_DIR, "template.db");
