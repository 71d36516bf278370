// Plays Plivo's part against the real route handlers: signed form-encoded requests, and a Caller that follows the
// XML it gets back (GetDigits action on a key press, the fallback Redirect on silence, Dial action when the agent
// leg ends), the way Plivo would.
import { expect } from "vitest";
import * as action from "@/app/ivr/action/route";
import * as dialEvents from "@/app/ivr/dial-events/route";
import * as dialResult from "@/app/ivr/dial-result/route";
import * as feedback from "@/app/ivr/feedback/route";
import * as language from "@/app/ivr/language/route";
import * as menu from "@/app/ivr/menu/route";
import * as queue from "@/app/ivr/queue/route";
import * as start from "@/app/ivr/start/route";
import * as callback from "@/app/plivo/callback/route";
import * as callbackAnswer from "@/app/ivr/callback/answer/route";
import * as callbackHangup from "@/app/ivr/callback/hangup/route";
import * as callbackMachine from "@/app/ivr/callback/machine/route";
import { env } from "@/lib/env";
import { elementNames, parseXml, type XmlNode } from "../support/xml-tree";
import { signedHeaders, type PlivoParams } from "@/lib/telephony/plivo-signature";

type Handler = (request: Request) => Promise<Response>;
type RouteModule = { GET?: Handler; POST?: Handler };

/** Every webhook route handler by path, for tests that play Plivo's part in process. */
export const IVR_ROUTES: Record<string, RouteModule> = {
  "/ivr/start": start,
  "/ivr/language": language,
  "/ivr/menu": menu,
  "/ivr/action": action,
  "/ivr/queue": queue,
  "/ivr/dial-result": dialResult,
  "/ivr/dial-events": dialEvents,
  "/ivr/feedback": feedback,
  "/plivo/callback": callback,
  "/ivr/callback/answer": callbackAnswer,
  "/ivr/callback/hangup": callbackHangup,
  "/ivr/callback/machine": callbackMachine,
};

export type Signing = "valid" | "none" | "wrong-token";

/** A request as Plivo sends it: form-encoded POST (or GET with the parameters in the query), V3-signed. */
export function plivoRequest(url: string, params: PlivoParams, opts: { method?: "GET" | "POST"; signing?: Signing } = {}): Request {
  const method = opts.method ?? "POST";
  const u = new URL(url.startsWith("http") ? url : `${env().publicBaseUrl}${url}`);
  if (method === "GET") for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  const signing = opts.signing ?? "valid";
  const headers: Record<string, string> = {};
  if (signing !== "none") {
    const token = signing === "valid" ? env().plivo.authToken : "not-the-token";
    Object.assign(headers, signedHeaders({ method, url: u.toString(), params: method === "POST" ? params : {}, authToken: token }));
  }
  if (method === "GET") return new Request(u, { method, headers });
  headers["content-type"] = "application/x-www-form-urlencoded";
  return new Request(u, { method, headers, body: new URLSearchParams(params).toString() });
}

export async function send(request: Request): Promise<{ status: number; xml: string; contentType: string | null }> {
  const path = new URL(request.url).pathname;
  const mod = IVR_ROUTES[path];
  const handler = request.method === "GET" ? mod?.GET : mod?.POST;
  if (!handler) throw new Error(`no ${request.method} handler for ${path}`);
  const res = await handler(request);
  return { status: res.status, xml: await res.text(), contentType: res.headers.get("content-type") };
}

export function speakTexts(node: XmlNode): string[] {
  return [...(node.name === "Speak" ? [node.text] : []), ...node.children.flatMap(speakTexts)];
}

let seq = 0;

/** One phone call walking the IVR. */
export class Caller {
  readonly callUuid: string;
  readonly base: PlivoParams;
  xml = "";
  tree: XmlNode = { name: "Response", attrs: {}, text: "", children: [] };
  history: string[] = [];

  constructor(opts: { from?: string; to?: string; direction?: "inbound" | "outbound"; callUuid?: string } = {}) {
    seq++;
    this.callUuid = opts.callUuid ?? `call-${process.pid}-${seq}-${Math.random().toString(36).slice(2, 8)}`;
    this.base = {
      CallUUID: this.callUuid,
      From: opts.from ?? `+1202555${String(1000 + seq).slice(-4)}`,
      To: opts.to ?? "+14155550000",
      Direction: opts.direction ?? "inbound",
      CallStatus: "in-progress",
    };
  }

  /** What the caller heard last, in order. */
  get heard(): string[] {
    return speakTexts(this.tree);
  }

  get elements(): string[] {
    return elementNames(this.tree);
  }

  private async deliver(url: string, extra: PlivoParams = {}, method: "GET" | "POST" = "POST") {
    const res = await send(plivoRequest(url, { ...this.base, ...extra }, { method }));
    expect(res.status, `${url} -> ${res.xml}`).toBe(200);
    expect(res.contentType).toContain("application/xml");
    this.xml = res.xml;
    this.tree = parseXml(res.xml);
    this.history.push(url);
    return this;
  }

  /** A webhook to an absolute URL this call was given (a queued callback's leg URLs, #18). */
  visit(url: string, extra: PlivoParams = {}) {
    return this.deliver(url, extra);
  }

  answer(method: "GET" | "POST" = "POST") {
    return this.deliver("/ivr/start", {}, method);
  }

  private child(name: string): XmlNode {
    const node = this.tree.children.find((c) => c.name === name);
    if (!node) throw new Error(`expected <${name}> in ${this.xml}`);
    return node;
  }

  /** Press a key at the current GetDigits. */
  press(digits: string) {
    return this.deliver(this.child("GetDigits").attrs.action!, { Digits: digits });
  }

  /** Say nothing: Plivo moves past GetDigits to the fallback Redirect. */
  silence() {
    const idx = this.tree.children.findIndex((c) => c.name === "GetDigits");
    const next = this.tree.children[idx + 1];
    if (!next || next.name !== "Redirect") throw new Error(`no Redirect after GetDigits in ${this.xml}`);
    return this.deliver(next.text);
  }

  /** Follow a top-level Redirect (queue loop). */
  followRedirect() {
    return this.deliver(this.child("Redirect").text);
  }

  get dial(): { number: string; action: string; callbackUrl: string } {
    const d = this.child("Dial");
    return { number: d.children[0]?.text ?? "", action: d.attrs.action!, callbackUrl: d.attrs.callbackUrl! };
  }

  /** The agent leg's callbackUrl events (answer, hangup). */
  async agentEvent(dialAction: "answer" | "hangup") {
    const res = await send(plivoRequest(this.dial.callbackUrl, { ...this.base, DialAction: dialAction, DialBLegUUID: `b-${this.callUuid}` }));
    expect(res.status).toBe(200);
  }

  /** The agent leg ended: Plivo requests the Dial action and continues the call with its XML. */
  dialEnds(status: "completed" | "busy" | "failed" | "timeout" | "no-answer", talkSeconds?: number) {
    return this.deliver(this.dial.action, {
      DialStatus: status,
      DialBLegUUID: `b-${this.callUuid}`,
      DialHangupCause: status === "completed" ? "NORMAL_CLEARING" : "NO_ANSWER",
      ...(talkSeconds !== undefined ? { DialBLegDuration: String(talkSeconds) } : {}),
    });
  }

  /** Hangup URL. */
  async hangup(duration = 42, cause = "NORMAL_CLEARING", callStatus = "completed") {
    const res = await send(
      plivoRequest("/plivo/callback", { ...this.base, CallStatus: callStatus, Duration: String(duration), BillDuration: String(duration), HangupCause: cause }),
    );
    expect(res.status).toBe(200);
  }
}

/** A whole English call to an agent: answer, press 1 and 2, the agent answers, 30 s talk, rated 4, hang up. */
export async function ratedAgentCall(caller = new Caller()): Promise<Caller> {
  await caller.answer();
  await caller.press("1");
  await caller.press("2");
  await caller.agentEvent("answer");
  await caller.dialEnds("completed", 30);
  await caller.press("4");
  await caller.hangup();
  return caller;
}

/** A caller who asks for an agent when none is free (the caller must make sure of that): queued, one hold poll, hang up. */
export async function queuedCallerHangsUp(caller = new Caller()): Promise<Caller> {
  await caller.answer();
  await caller.press("1");
  await caller.press("2");
  await caller.followRedirect();
  await caller.hangup();
  return caller;
}
