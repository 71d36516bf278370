// Captures what a module logs through lib/log.ts, as the objects pino would write ({ level, msg, ...fields }).
import { vi } from "vitest";
import { log } from "../../lib/log";

type Level = "error" | "warn" | "info";
export type LoggedLine = { level: Level; msg: string } & Record<string, unknown>;

export function captureLog(level: Level) {
  const lines: LoggedLine[] = [];
  const spy = vi.spyOn(log, level).mockImplementation(((fields: Record<string, unknown>, msg?: string) => {
    lines.push({ ...fields, level, msg: msg ?? "" });
  }) as never);
  return { lines, restore: () => spy.mockRestore() };
}
