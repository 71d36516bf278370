// Plays Plivo's part over HTTP against a running server, for the dashboard e2e flow and the latency benchmark:
// signed form POSTs to the IVR webhooks, following the action URLs in the XML each one answers.
import { signedHeaders, type PlivoParams } from "../../lib/telephony/plivo-signature";

const decode = (s: string) => s.replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&apos;", "'");

function attr(xml: string, element: string, name: string): string | null {
  const tag = new RegExp(`<${element}\\b[^>]*>`).exec(xml)?.[0];
  const value = tag ? new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] : undefined;
  return value === undefined ? null : decode(value);
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
    return /<Dial\b/.test(this.xml);
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
