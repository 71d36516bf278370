// Which Plivo XML the simulator executes, and its attributes read with Plivo's defaults and limits. Only the
// elements our IVR emits are executed (lib/ivr/responses.ts); any other Plivo element is reported, never skipped.
import { SimulatorError } from "./errors";
import type { PlivoElement } from "./parse-plivo-xml";
import type { HttpMethod } from "./transport";

const TOP_LEVEL = new Set(["Speak", "Play", "GetDigits", "Dial", "Redirect", "Wait", "Hangup", "Record"]);
const NESTABLE: Record<string, Set<string>> = {
  GetDigits: new Set(["Speak", "Play", "Wait"]),
  Dial: new Set(["Number"]),
};
// Elements Plivo has but the app never emits, so the simulator does not execute them.
const PLIVO_ONLY = new Set(["GetInput", "DTMF", "Message", "MultiPartyCall", "Stream", "User", "Conference", "PreAnswer"]);

export function intAttr(el: PlivoElement, name: string, fallback: number, min: number): number {
  const raw = el.attrs[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw new SimulatorError("invalid-attribute", `<${el.name} ${name}="${raw}">: must be an integer >= ${min}`);
  }
  return n;
}

export function methodAttr(el: PlivoElement, name = "method"): HttpMethod {
  const raw = (el.attrs[name] ?? "POST").toUpperCase();
  if (raw !== "GET" && raw !== "POST") throw new SimulatorError("invalid-attribute", `<${el.name} ${name}="${raw}">: must be GET or POST`);
  return raw;
}

export function boolAttr(el: PlivoElement, name: string, fallback: boolean): boolean {
  const raw = el.attrs[name];
  return raw === undefined ? fallback : raw === "true";
}

/** Throws for an element the simulator does not execute, or one nested where Plivo does not allow it. */
export function validate(elements: PlivoElement[], allowed: Set<string> = TOP_LEVEL, parent = "Response") {
  for (const el of elements) {
    if (!allowed.has(el.name)) {
      const why = PLIVO_ONLY.has(el.name) ? "not supported by the simulator" : "not a Plivo element here";
      throw new SimulatorError("unknown-element", `<${el.name}> inside <${parent}>: ${why}`);
    }
    const nested = NESTABLE[el.name];
    if (nested) validate(el.children, nested, el.name);
    else if (el.children.length > 0) {
      throw new SimulatorError("unknown-element", `<${el.children[0]!.name}> inside <${el.name}>: ${el.name} takes no elements`);
    }
  }
}
