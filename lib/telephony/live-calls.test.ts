// Plivo's live-call list as reconcile's evidence: only with credentials, and only an answer we understand.
import { describe, expect, it } from "vitest";
import { loadEnv } from "../env";
import { plivoLiveCallUuids } from "./live-calls";

const withPlivo = loadEnv({ PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX", PLIVO_AUTH_TOKEN: "token", PLIVO_FROM_NUMBER: "+14155550100" });

describe("plivoLiveCallUuids", () => {
  it("is absent without Plivo credentials (simulator mode: time bounds only)", () => {
    expect(plivoLiveCallUuids(loadEnv({}))).toBeUndefined();
  });

  it("turns the SDK's LiveCallResource list into a set of CallUUIDs", async () => {
    const seen: object[] = [];
    const client = { calls: { listLiveCalls: async (p?: object) => (seen.push(p ?? {}), [{ callUuid: "a" }, { callUuid: "b" }]) } };
    expect(await plivoLiveCallUuids(withPlivo, client)!()).toEqual(new Set(["a", "b"]));
    expect(seen).toHaveLength(1);
  });

  it("an answer that is not a list is no evidence (null), so nothing is closed on it", async () => {
    const client = { calls: { listLiveCalls: async () => ({ error: "?" }) as unknown as Array<{ callUuid?: string }> } };
    expect(await plivoLiveCallUuids(withPlivo, client)!()).toBeNull();
  });
});
