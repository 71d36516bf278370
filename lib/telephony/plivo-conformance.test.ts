// Plivo conformance (#14): our webhook verifier agrees with plivo-node's own validateV3Signature on the cases that
// bite in production, with the URL Plivo calls being exactly the action URL we built from the normalised
// PUBLIC_BASE_URL; numbers become E.164 and SIP URIs stay; attribute values are escaped.
import * as plivo from "plivo";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { loadEnv, normalizeBaseUrl } from "../env";
import { newXmlResponse } from "../ivr/plivo-xml";
import { normalizePartyAddress } from "./party-address";
import { signV3, type SignedParams } from "./plivo-signature";
import { verifyPlivoRequest } from "./webhook";

const TOKEN = "subaccount-token";
const MAIN_TOKEN = "main-account-token";
const NONCE = "05429567804466091622";

type Case = {
  name: string;
  base: string; // PUBLIC_BASE_URL as the operator typed it
  path: string; // path + our query markers
  body: Array<[string, string]>; // form pairs, in order, repeats allowed
  headers: (sign: (token: string) => string) => Record<string, string>;
  tamper?: boolean; // the body is changed after signing
  ourToken?: string;
};

const v3 = (sign: (t: string) => string) => ({ "X-Plivo-Signature-V3": sign(TOKEN) });
const CALL: Array<[string, string]> = [["CallUUID", "c-1"], ["From", "+14155550100"], ["To", "+14155550199"], ["Digits", "2"]];

const CASES: Case[] = [
  { name: "explicit default port", base: "https://ivr.example.com:443", path: "/ivr/action?a=0", body: CALL, headers: v3 },
  { name: "upper-case host and scheme", base: "HTTPS://IVR.Example.COM", path: "/ivr/action?a=0", body: CALL, headers: v3 },
  { name: "trailing slash", base: "https://ivr.example.com/", path: "/ivr/language?a=1", body: CALL, headers: v3 },
  { name: "query plus body", base: "https://ivr.example.com", path: "/ivr/action?a=2&noinput=1", body: CALL, headers: v3 },
  { name: "no body, query only", base: "https://ivr.example.com", path: "/ivr/queue?n=3", body: [], headers: v3 },
  { name: "repeated keys", base: "https://ivr.example.com", path: "/ivr/start", body: [...CALL, ["Extra", "b"], ["Extra", "a"]], headers: v3 },
  { name: "non-ASCII values", base: "https://ivr.example.com", path: "/ivr/start", body: [...CALL, ["CallerName", "José Müller ñ 電話"]], headers: v3 },
  { name: "SIP URI in To", base: "https://ivr.example.com", path: "/ivr/start", body: [["CallUUID", "c-2"], ["From", "sip:alice@phone.plivo.com"], ["To", "sip:support-line-with-a-long-name-0123456789@app.sip.example-company-domain.com"]], headers: v3 },
  { name: "Ma-V3 header only (main account token)", base: "https://ivr.example.com", path: "/ivr/start", body: CALL, headers: (sign) => ({ "X-Plivo-Signature-Ma-V3": sign(MAIN_TOKEN) }), ourToken: MAIN_TOKEN },
  { name: "V3 from the subaccount, Ma-V3 matches our main token", base: "https://ivr.example.com", path: "/ivr/start", body: CALL, headers: (sign) => ({ "X-Plivo-Signature-V3": sign(TOKEN), "X-Plivo-Signature-Ma-V3": sign(MAIN_TOKEN) }), ourToken: MAIN_TOKEN },
  { name: "comma-separated signatures (rotated token)", base: "https://ivr.example.com", path: "/ivr/start", body: CALL, headers: (sign) => ({ "X-Plivo-Signature-V3": `${sign("old-token")},${sign(TOKEN)}` }) },
  { name: "tampered body", base: "https://ivr.example.com", path: "/ivr/action?a=0", body: CALL, headers: v3, tamper: true },
  { name: "wrong token", base: "https://ivr.example.com", path: "/ivr/start", body: CALL, headers: (sign) => ({ "X-Plivo-Signature-V3": sign("someone-else") }) },
];

function signedParams(pairs: Array<[string, string]>): SignedParams {
  const out: Record<string, string[]> = {};
  for (const [k, v] of pairs) (out[k] ??= []).push(v);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]));
}

describe("our verifier agrees with plivo-node's validateV3Signature", () => {
  it.each(CASES)("$name", async (c) => {
    const base = normalizeBaseUrl(c.base);
    // The URL Plivo calls is the action URL we handed it, built from the normalised base (as lib/ivr/ivr-url.ts does).
    const calledUrl = new URL(`${base}${c.path}`).toString();
    const params = signedParams(c.body);
    const sign = (token: string) => signV3({ method: "POST", url: calledUrl, params, nonce: NONCE, authToken: token });
    const headers = { ...c.headers(sign), "X-Plivo-Signature-V3-Nonce": NONCE, "content-type": "application/x-www-form-urlencoded" };
    const sent = c.tamper ? [...c.body.slice(0, -1), ["Digits", "9"] as [string, string]] : c.body;
    const ourToken = c.ourToken ?? TOKEN;

    // plivo-node's verdict on what arrived (any of the headers, as we accept either).
    const arrived = signedParams(sent);
    const sdk = [headers["X-Plivo-Signature-V3" as keyof typeof headers], headers["X-Plivo-Signature-Ma-V3" as keyof typeof headers]]
      .filter((h): h is string => typeof h === "string")
      .some((sig) => plivo.validateV3Signature("POST", calledUrl, NONCE, ourToken, sig, arrived));

    // Ours, on the request as our server sees it behind a proxy (internal origin, same path and query).
    const internal = new Request(`http://127.0.0.1:3000${c.path}`, { method: "POST", headers, body: new URLSearchParams(sent).toString() });
    const ours = await verifyPlivoRequest(internal, { publicBaseUrl: base, authToken: ourToken });

    expect(ours.ok).toBe(sdk);
    expect(sdk).toBe(!c.tamper && c.name !== "wrong token");
  });

  it("collapsing a repeated key to its last value (what we used to do) would fail plivo-node's check", () => {
    const url = "https://ivr.example.com/ivr/start";
    const params = { CallUUID: "c", Extra: ["b", "a"] };
    const sig = signV3({ method: "POST", url, params, nonce: NONCE, authToken: TOKEN });
    expect(plivo.validateV3Signature("POST", url, NONCE, TOKEN, sig, params)).toBe(true);
    expect(plivo.validateV3Signature("POST", url, NONCE, TOKEN, sig, { CallUUID: "c", Extra: "a" })).toBe(false);
  });
});

describe("PUBLIC_BASE_URL is normalised once", () => {
  it.each([
    ["https://ivr.example.com:443", "https://ivr.example.com"],
    ["HTTPS://IVR.Example.COM/", "https://ivr.example.com"],
    ["http://localhost:80//", "http://localhost"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["https://example.com:8443/app/", "https://example.com:8443/app"],
  ])("%s -> %s (and the env carries the normal form)", (raw, normal) => {
    expect(normalizeBaseUrl(raw)).toBe(normal);
    expect(loadEnv({ PUBLIC_BASE_URL: raw }).publicBaseUrl).toBe(normal);
  });
});

describe("From/To", () => {
  it.each([
    ["14155550100", "+14155550100"],
    ["+14155550100", "+14155550100"],
    ["+1 (415) 555-0100", "+14155550100"],
    ["442071838750", "+442071838750"],
    ["sip:alice@phone.plivo.com", "sip:alice@phone.plivo.com"],
    ["alice@example.com", "alice@example.com"],
    ["anonymous", "anonymous"],
  ])("%s -> %s", (raw, normal) => {
    expect(normalizePartyAddress(raw)).toBe(normal);
  });
});

describe("XML attribute values", () => {
  it('a `"` (and <, &) in a caller-controlled value yields well-formed XML that keeps the value', () => {
    const r = newXmlResponse();
    r.addDial({ action: "https://x.example/ivr/dial-result?d=0", method: "POST", timeout: 20, callerId: '+1415"/><Hangup/><x a="&<' }).addNumber("+14155550100");
    const xml = r.toXML();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('callerId="+1415&quot;/>&lt;Hangup/>&lt;x a=&quot;&amp;&lt;"');
    expect(xml).not.toContain("<Hangup/>");
  });
});
