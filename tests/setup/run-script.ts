// Runs one of the repo's scripts as a user would start it, for tests of what it refuses: from the repo root, with
// none of this process's environment but PATH and HOME, so only the variables a test passes are set.
import { spawnSync } from "node:child_process";
import { ROOT } from "./paths";

export function runScript(
  command: string,
  args: string[],
  env: Record<string, string> & Pick<NodeJS.ProcessEnv, "NODE_ENV">,
  timeoutMs: number,
) {
  return spawnSync(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
}
