import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
/** Each Vitest run gets its own folder, so concurrent runs (e.g. two terminals) never delete each other's files. */
export const TEST_DATA_ROOT = resolve(ROOT, ".data/test");
