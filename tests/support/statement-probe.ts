// What a piece of routing work sent to the database, by statement text (lib/db/statement-count.ts must be counting:
// setStatementCounting(true) in the test's beforeAll).
import { countStatementsIn, resetStatementCounts, statementSnapshot } from "@/lib/db/statement-count";

/** The statement texts (first 100 characters) `fn` sent, and its result. */
export async function probe<T>(fn: () => Promise<T>): Promise<{ result: T; texts: string[] }> {
  resetStatementCounts();
  const result = await countStatementsIn("probe", fn);
  return { result, texts: Object.keys(statementSnapshot().byKey.probe?.texts ?? {}) };
}
