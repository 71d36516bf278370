// <Dial><Number>: the agent leg, played by an AgentBehaviour (answers after N s and talks M s, no answer, busy,
// failed), with Plivo's callbackUrl events and the action's DialStatus; a caller hanging up mid-dial is reported.
import { DEFAULT_AGENT } from "../agent-behaviour";
import { CallEnded, randomUuid, type CallSession, type Next } from "../call-session";
import { SimulatorError } from "../errors";
import type { PlivoElement } from "../parse-plivo-xml";
import type { WebhookRequest } from "../transport";
import { boolAttr, intAttr, methodAttr } from "../xml-attrs";

export async function dial(s: CallSession, el: PlivoElement): Promise<Next> {
  const method = methodAttr(el);
  const callbackMethod = methodAttr(el, "callbackMethod");
  const ringTimeout = intAttr(el, "timeout", 30, 1);
  const timeLimit = intAttr(el, "timeLimit", 14_400, 1);
  const numbers = el.children.map((c) => c.text).filter(Boolean);
  if (numbers.length === 0) throw new SimulatorError("invalid-attribute", "<Dial> without a <Number>");
  s.dialIndex += 1;
  const agent = typeof s.options.agent === "function" ? s.options.agent({ numbers, dialIndex: s.dialIndex, step: s.step }) : (s.options.agent ?? DEFAULT_AGENT);
  const previousStep = s.step;
  s.enterStep("agent");
  s.emit({ type: "dial", numbers, agent, timeoutSeconds: ringTimeout });

  const bLegUuid = randomUuid();
  const bLeg = { DialALegUUID: s.callUuid, DialBLegUUID: bLegUuid, DialBLegFrom: el.attrs.callerId ?? s.options.from, DialBLegTo: numbers[0]!, DialBLegPosition: "1" };
  const callback = async (params: Record<string, string>) => {
    if (el.attrs.callbackUrl) await s.notify({ url: el.attrs.callbackUrl, method: callbackMethod, params: { ...s.baseParams(), ...bLeg, ...params } });
  };
  const bLegHangup = (cause: string, seconds: number) =>
    callback({
      Event: "DialHangup",
      DialAction: "hangup",
      DialBLegStatus: "hangup",
      DialBLegHangupCause: cause,
      DialBLegDuration: String(seconds),
      DialBLegBillDuration: String(seconds),
    });

  let status: "completed" | "busy" | "failed" | "no-answer";
  let cause: string;
  let answered = false;
  let talked = 0;
  let callerHungUp: CallEnded | null = null;
  try {
    s.emit({ type: "agent", state: "ringing" });
    if (agent.kind === "answer" && agent.afterSeconds < ringTimeout) {
      await s.sleepSim(agent.afterSeconds);
      answered = true;
      s.emit({ type: "agent", state: "answered", seconds: agent.afterSeconds });
      await callback({ Event: "DialAnswer", DialAction: "answer", DialBLegStatus: "answer" });
      const talk = Math.min(agent.talkSeconds, timeLimit);
      const before = s.simMs;
      try {
        await s.sleepSim(talk);
      } finally {
        talked = Math.round((s.simMs - before) / 1000);
      }
      status = "completed";
      cause = "NORMAL_CLEARING";
      s.emit({ type: "agent", state: "hung-up", seconds: talked });
    } else if (agent.kind === "answer" || agent.kind === "no-answer") {
      await s.sleepSim(ringTimeout);
      status = "no-answer";
      cause = "NO_ANSWER";
      s.emit({ type: "agent", state: "no-answer", seconds: ringTimeout });
    } else if (agent.kind === "busy") {
      status = "busy";
      cause = "USER_BUSY";
      s.emit({ type: "agent", state: "busy" });
    } else {
      status = "failed";
      cause = "UNALLOCATED_NUMBER";
      s.emit({ type: "agent", state: "failed" });
    }
  } catch (e) {
    if (!(e instanceof CallEnded)) throw e;
    callerHungUp = e; // the caller left while the agent rang or talked
    status = answered ? "completed" : "no-answer";
    cause = "ORIGINATOR_CANCEL";
  }
  await bLegHangup(answered ? "NORMAL_CLEARING" : cause, talked);
  s.result.dialStatuses.push(status);
  s.step = previousStep;

  const action = el.attrs.action;
  if (!action) {
    if (callerHungUp) throw callerHungUp;
    return { kind: "continue" };
  }
  const request: WebhookRequest = {
    url: action,
    method,
    params: {
      ...s.baseParams(callerHungUp ? "completed" : "in-progress"),
      DialStatus: status,
      DialALegUUID: s.callUuid,
      DialBLegUUID: answered ? bLegUuid : "",
      DialHangupCause: cause,
      DialRingStatus: agent.kind === "busy" || agent.kind === "failed" ? "false" : "true",
    },
  };
  if (callerHungUp) {
    // Plivo still reports the dial result when the caller hangs up mid-dial; the XML it returns is not executed.
    await s.notify(request);
    throw callerHungUp;
  }
  if (boolAttr(el, "redirect", true)) return { kind: "goto", request };
  await s.fetchXml(request);
  return { kind: "continue" };
}
