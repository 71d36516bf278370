// Plays Plivo's part over HTTP against a running server, for the dashboard e2e flow and the latency benchmark:
// signed form POSTs to the IVR webhooks, following the action URLs in the XML each one answers.
import { parsePlivoXml } from "../../lib/simulator/parse-plivo-xml";
import { signedHeaders, type PlivoParams } from "../../lib/telephony/plivo-signature";
import { findElement } from "./xml-tree";

/** The first `element` in a Plivo XML answer (null when there is none, or no valid answer yet). */
function element(xml: string, name: string) {
  try {
    return findElement(parsePlivoXml(xml), name) ?? null;
  } catch {
    return null;
  }
}

function attr(xml: string, name: string, attribute: string): string | null {
  return element(xml, name)?.attrs[attribute] ?? null;
}

export class WebhookCaller {
  readonly params: PlivoParams;
  xml = "";

  constructor(
    readonly baseUrl: string,
    readonly authToken: string,
    opts: { callUuid: string; from: string; to?: string },
  ) {
    this.params = { CallUUID: opts.callUuid, From: opts.from, To: opts.to ?? "+14155550000", Direction: "inbound", CallStatus: "in-progress" };
  }

  /** POST a signed webhook to a path or absolute URL; returns the XML. */
  async post(urlOrPath: string, extra: PlivoParams = {}): Promise<string> {
    const url = urlOrPath.startsWith("http") ? urlOrPath : `${this.baseUrl}${urlOrPath}`;
    const params = { ...this.params, ...extra };
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...signedHeaders({ method: "POST", url, params, authToken: this.authToken }) },
      body: new URLSearchParams(params).toString(),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
    this.xml = body;
    return body;
  }

  answer() {
    return this.post("/ivr/start");
  }

  /** Press a key at the GetDigits in the last XML. */
  press(digits: string) {
    const action = attr(this.xml, "GetDigits", "action");
    if (!action) throw new Error(`no GetDigits in ${this.xml.slice(0, 300)}`);
    return this.post(action, { Digits: digits });
  }

  get dialing(): boolean {
    return element(this.xml, "Dial") !== null;
  }

  /** The agent picked up (Dial callbackUrl). */
  async agentAnswers() {
    const callbackUrl = attr(this.xml, "Dial", "callbackUrl");
    if (!callbackUrl) throw new Error(`no Dial callbackUrl in ${this.xml.slice(0, 300)}`);
    const keep = this.xml;
    await this.post(callbackUrl, { DialAction: "answer", DialBLegUUID: `b-${this.params.CallUUID}` });
    this.xml = keep;
  }

  /** The agent leg ended (Dial action): the caller is asked for a rating next. */
  dialEnds(talkSeconds: number) {
    const action = attr(this.xml, "Dial", "action");
    if (!action) throw new Error(`no Dial action in ${this.xml.slice(0, 300)}`);
    return this.post(action, { DialStatus: "completed", DialBLegUUID: `b-${this.params.CallUUID}`, DialHangupCause: "NORMAL_CLEARING", DialBLegDuration: String(talkSeconds) });
  }

  hangup(durationSeconds: number) {
    return this.post("/plivo/callback", { CallStatus: "completed", Duration: String(durationSeconds), BillDuration: String(durationSeconds), HangupCause: "NORMAL_CLEARING" });
  }
}
