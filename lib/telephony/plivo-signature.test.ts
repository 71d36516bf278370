import * as plivo from "plivo";
import { describe, expect, it } from "vitest";
import { signV3, signedHeaders, verifyV3 } from "./plivo-signature";

const token = "test-auth-token";
const params = { CallUUID: "c-1", From: "+14155550100", To: "+14155550199", Digits: "1" };

describe("Plivo V3 signatures", () => {
  it.each([
    ["POST", "https://ivr.example.com/ivr/language", params],
    ["POST", "https://ivr.example.com/ivr/queue?attempt=2&lang=es", params],
    ["POST", "http://localhost:3000/ivr/start", {}],
    ["GET", "https://ivr.example.com/ivr/start?CallUUID=x&From=%2B1415", {}],
  ] as const)("what we sign for %s %s, the plivo SDK validates", (method, url, body) => {
    const nonce = "12345678901234567890";
    const signature = signV3({ method, url, params: body, nonce, authToken: token });
    expect(plivo.validateV3Signature(method, url, nonce, token, signature, method === "GET" ? {} : body)).toBe(true);
  });

  it("accepts one good signature among several, rejects tampering, a wrong token and a missing header", () => {
    const url = "https://ivr.example.com/ivr/menu";
    const h = signedHeaders({ method: "POST", url, params, authToken: token });
    const base = { method: "POST" as const, publicUrl: url, params, authToken: token, nonce: h["X-Plivo-Signature-V3-Nonce"] };
    expect(verifyV3({ ...base, signature: h["X-Plivo-Signature-V3"] })).toBe(true);
    expect(verifyV3({ ...base, signature: `bogus,${h["X-Plivo-Signature-V3"]}` })).toBe(true);
    expect(verifyV3({ ...base, params: { ...params, Digits: "2" }, signature: h["X-Plivo-Signature-V3"] })).toBe(false);
    expect(verifyV3({ ...base, publicUrl: "https://evil.example.com/ivr/menu", signature: h["X-Plivo-Signature-V3"] })).toBe(false);
    expect(verifyV3({ ...base, authToken: "other", signature: h["X-Plivo-Signature-V3"] })).toBe(false);
    expect(verifyV3({ ...base, signature: null })).toBe(false);
    expect(verifyV3({ ...base, nonce: null, signature: h["X-Plivo-Signature-V3"] })).toBe(false);
  });

  it("accepts exactly what the plivo SDK accepts for near-miss signature headers (our verifier no longer calls it)", () => {
    const url = "https://ivr.example.com/ivr/queue?n=2";
    const nonce = "12345678901234567890";
    const good = signV3({ method: "POST", url, params, nonce, authToken: token });
    const variants = [good, ` ${good}`, `${good} `, good.replace(/=+$/, ""), `${good}=`, `x${good}`, good.toLowerCase(), `${good},`, `,${good}`, `a, ${good}`, ""];
    for (const header of variants) {
      const sdk = plivo.validateV3Signature("POST", url, nonce, token, header, params);
      expect({ header, ok: verifyV3({ method: "POST", publicUrl: url, params, nonce, authToken: token, signature: header }) }).toEqual({ header, ok: sdk });
    }
  });
});
