// Outbound call placement: simulator fallback without credentials, and with credentials the exact request the
// real plivo SDK sends (its HTTP layer, axios, is intercepted: the SDK hard-codes api.plivo.com).
import { createRequire } from "node:module";
import type { AxiosAdapter, AxiosStatic, InternalAxiosRequestConfig } from "axios";
import { afterEach, describe, expect, it } from "vitest";
import { loadEnv } from "../env";
import { DestinationRefused, placeCall, PlaceCallError, type PlivoCallsClient } from "./place-call";

// The CommonJS axios instance the SDK itself requires (an ESM import would be a separate copy with its own defaults).
const axios = createRequire(createRequire(import.meta.url).resolve("plivo"))("axios") as AxiosStatic;

const withPlivo = loadEnv({
  PLIVO_AUTH_ID: "MAXXXXXXXXXXXXXXXXXX",
  PLIVO_AUTH_TOKEN: "secret-token",
  PLIVO_FROM_NUMBER: "+14155550100",
  PUBLIC_BASE_URL: "https://ivr.example.com/",
});
const withoutPlivo = loadEnv({ PUBLIC_BASE_URL: "http://localhost:3000" });

const originalAdapter = axios.defaults.adapter;
afterEach(() => {
  axios.defaults.adapter = originalAdapter;
});

function intercept(status: number, data: unknown) {
  const seen: InternalAxiosRequestConfig[] = [];
  const adapter: AxiosAdapter = async (config) => {
    seen.push(config);
    if (status >= 400) {
      const error = Object.assign(new Error(`Request failed with status code ${status}`), { response: { status, data, config, headers: {} }, config });
      throw error;
    }
    return { status, statusText: "OK", data, headers: {}, config };
  };
  axios.defaults.adapter = adapter;
  return seen;
}

describe("placeCall", () => {
  it("without Plivo credentials sends the supervisor to the simulator phone with the number", async () => {
    const result = await placeCall("+14155550123", { env: withoutPlivo });
    expect(result).toEqual({ mode: "simulator", phoneUrl: "/phone?to=%2B14155550123" });
  });

  it("places the call through the real SDK with answer and hangup URLs from PUBLIC_BASE_URL", async () => {
    const seen = intercept(201, { api_id: "a1", message: "call fired", request_uuid: "req-123" });
    const result = await placeCall("+442071838750", { env: withPlivo });
    expect(result).toEqual({ mode: "plivo", requestUuid: "req-123", message: "call fired" });
    expect(seen).toHaveLength(1);
    const request = seen[0]!;
    expect(request.method?.toUpperCase()).toBe("POST");
    expect(request.url).toBe("https://api.plivo.com/v1/Account/MAXXXXXXXXXXXXXXXXXX/Call/");
    expect(String(request.headers.Authorization)).toBe(`Basic ${Buffer.from("MAXXXXXXXXXXXXXXXXXX:secret-token").toString("base64")}`);
    const body = typeof request.data === "string" ? JSON.parse(request.data) : request.data;
    expect(body).toMatchObject({
      from: "+14155550100",
      to: "+442071838750",
      answer_url: "https://ivr.example.com/ivr/start",
      answer_method: "POST",
      hangup_url: "https://ivr.example.com/plivo/callback",
      hangup_method: "POST",
    });
  });

  it("turns a Plivo rejection into a message a supervisor can act on", async () => {
    intercept(400, { api_id: "a2", error: "invalid to number" });
    const failure = placeCall("+442071838750", { env: withPlivo });
    await expect(failure).rejects.toBeInstanceOf(PlaceCallError);
    await expect(failure).rejects.toMatchObject({ userMessage: expect.stringMatching(/Plivo did not accept the call/) });
  });

  it("uses an injected client when given one", async () => {
    const calls: unknown[][] = [];
    const client: PlivoCallsClient = {
      calls: {
        create: async (...args: unknown[]) => {
          calls.push(args);
          return { requestUuid: ["req-9"], message: "ok" };
        },
      },
    };
    expect(await placeCall("+14155550199", { env: withPlivo, client })).toMatchObject({ requestUuid: "req-9" });
    expect(calls[0]?.slice(0, 3)).toEqual(["+14155550100", "+14155550199", "https://ivr.example.com/ivr/start"]);
  });

  it.each(["+19005550123", "+881612345678", "+447012345678"])("never sends %s to Plivo (toll-fraud rules), in either mode", async (to) => {
    const seen = intercept(201, { api_id: "a3", message: "call fired", request_uuid: "req-x" });
    await expect(placeCall(to, { env: withPlivo })).rejects.toBeInstanceOf(DestinationRefused);
    await expect(placeCall(to, { env: withoutPlivo })).rejects.toBeInstanceOf(DestinationRefused);
    expect(seen).toHaveLength(0);
  });
});
