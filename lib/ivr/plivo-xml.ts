// A typed view of the plivo SDK's XML builder. The SDK's own typings return `any`/`object` for nested elements;
// this narrows them to what the IVR uses while keeping the SDK's attribute whitelist (it throws on a typo).
import * as plivo from "plivo";

export type SpeakAttrs = { language: string; voice: string; loop?: number };

export interface XmlContainer {
  addSpeak(body: string, attrs: SpeakAttrs): unknown;
  addPlay(url: string, attrs?: { loop?: number }): unknown;
  addWait(attrs: { length: number }): unknown;
}

export interface DialElement {
  addNumber(number: string, attrs?: Record<string, never>): unknown;
}

export interface XmlResponse extends XmlContainer {
  addGetDigits(attrs: {
    action: string;
    method: "POST" | "GET";
    timeout: number;
    numDigits: number;
    retries: number;
    validDigits?: string;
    invalidDigitsSound?: string;
    redirect?: boolean;
  }): XmlContainer;
  addRedirect(url: string, attrs?: { method: "POST" | "GET" }): unknown;
  addHangup(attrs?: { reason?: "rejected" | "busy" }): unknown;
  addDial(attrs: {
    action: string;
    method: "POST" | "GET";
    timeout: number;
    callerId?: string;
    callbackUrl?: string;
    callbackMethod?: "POST" | "GET";
    redirect?: boolean;
  }): DialElement;
  /** #18 voicemail. Attribute names as in the SDK's Record whitelist (plivo/dist/utils/plivoxml.js). */
  addRecord(attrs: {
    action: string;
    method: "POST" | "GET";
    maxLength: number;
    playBeep: boolean;
    finishOnKey: string;
    fileFormat?: "mp3" | "wav";
    redirect?: boolean;
    timeout?: number;
    callbackUrl?: string;
    callbackMethod?: "POST" | "GET";
    transcriptionType?: "auto";
    transcriptionUrl?: string;
    transcriptionMethod?: "POST" | "GET";
  }): unknown;
  toXML(): string;
}

// The SDK types Response as a function returning any; it is a constructor at runtime.
const PlivoResponse = plivo.Response as unknown as new () => XmlResponse;

export function newXmlResponse(): XmlResponse {
  const r = new PlivoResponse() as XmlResponse & { elem: { toString(): string } };
  // The SDK's toXML() turns every `&quot;` back into `"`, un-escaping attribute values (a `"` in a caller-controlled
  // To would end up raw inside <Dial callerId="...">). xmlbuilder's own output escapes every attribute value.
  r.toXML = () => r.elem.toString();
  return r;
}
