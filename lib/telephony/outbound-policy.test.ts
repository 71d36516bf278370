import { describe, expect, it } from "vitest";
import { loadEnv } from "../env";
import { checkDestination } from "./outbound-policy";

const defaults = loadEnv({}).security;

describe("toll-fraud rules (defaults)", () => {
  it.each([
    ["+19005550123", "number-type", "PREMIUM_RATE"],
    ["+449091234567", "number-type", "PREMIUM_RATE"],
    ["+448712345678", "number-type", "PREMIUM_RATE"],
    ["+41900123456", "number-type", "PREMIUM_RATE"],
    ["+33899123456", "number-type", "PREMIUM_RATE"],
    ["+447012345678", "number-type", "PERSONAL_NUMBER"],
    ["+445512345678", "number-type", "UAN"],
    ["+881612345678", "non-geographic", undefined],
    ["+870773111111", "non-geographic", undefined],
    ["+15555550100", "invalid", undefined],
    ["14155550101", "invalid", undefined],
  ])("refuses %s (%s %s)", (number, reason, type) => {
    const r = checkDestination(number, defaults);
    expect(r).toMatchObject({ allowed: false, reason });
    if (type) expect(r).toMatchObject({ type });
  });

  it("names the reason in words the supervisor understands", () => {
    expect(checkDestination("+19005550123", defaults)).toMatchObject({ message: /\+19005550123 is a premium-rate number/ });
    expect(checkDestination("+881612345678", defaults)).toMatchObject({ message: /satellite or international network/ });
  });

  it.each(["+14155550101", "+442071234567", "+447911123456", "+34600123456", "+525512345678", "+18005550199"])("allows %s", (number) => {
    expect(checkDestination(number, defaults)).toMatchObject({ allowed: true, number });
  });
});

describe("toll-fraud rules (configured)", () => {
  it("an allow-list of calling codes refuses every other country", () => {
    const policy = loadEnv({ OUTBOUND_ALLOWED_CALLING_CODES: "1, 34" }).security;
    expect(checkDestination("+14155550101", policy)).toMatchObject({ allowed: true });
    expect(checkDestination("+34600123456", policy)).toMatchObject({ allowed: true });
    expect(checkDestination("+442071234567", policy)).toMatchObject({ allowed: false, reason: "calling-code", message: /\+1, \+34/ });
  });

  it("a listed non-geographic code and an added type are allowed", () => {
    const policy = loadEnv({ OUTBOUND_ALLOWED_CALLING_CODES: "881", OUTBOUND_ALLOWED_NUMBER_TYPES: "MOBILE" }).security;
    expect(checkDestination("+881612345678", policy)).toMatchObject({ allowed: true });
    const premium = loadEnv({ OUTBOUND_ALLOWED_NUMBER_TYPES: "FIXED_LINE_OR_MOBILE,PREMIUM_RATE" }).security;
    expect(checkDestination("+19005550123", premium)).toMatchObject({ allowed: true });
  });

  it("a malformed setting stops start-up naming the variable", () => {
    expect(() => loadEnv({ OUTBOUND_ALLOWED_CALLING_CODES: "1,UK" })).toThrow(/OUTBOUND_ALLOWED_CALLING_CODES/);
    expect(() => loadEnv({ OUTBOUND_ALLOWED_NUMBER_TYPES: "MOBILE,CHEAP" })).toThrow(/OUTBOUND_ALLOWED_NUMBER_TYPES/);
    expect(() => loadEnv({ OUTBOUND_DAILY_CAP: "0" })).toThrow(/OUTBOUND_DAILY_CAP/);
  });
});
