// Which calls Plivo says are really up (plivo SDK calls.listLiveCalls: GET /Call/?status=live). Reconcile closes our
// open calls that are not in it. Without credentials (the simulator) there is no such evidence: undefined.
import * as plivo from "plivo";
import type { Env } from "../env";

export type LiveCallsClient = { calls: { listLiveCalls(params?: object): Promise<Array<{ callUuid?: string }>> } };

export function plivoLiveCallUuids(config: Env, client?: LiveCallsClient): (() => Promise<Set<string> | null>) | undefined {
  if (!config.plivo.configured) return undefined;
  return async () => {
    const c: LiveCallsClient = client ?? (new plivo.Client(config.plivo.authId, config.plivo.authToken) as unknown as LiveCallsClient);
    const calls = await c.calls.listLiveCalls({});
    if (!Array.isArray(calls)) return null; // an answer we do not understand is no evidence
    return new Set(calls.flatMap((call) => (typeof call.callUuid === "string" ? [call.callUuid] : [])));
  };
}
