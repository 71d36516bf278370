// Runs one Plivo XML document, element by element, as Plivo does: until a verb requests another document
// (Redirect, a GetDigits or Dial action), the call ends (Hangup), or the document runs out.
import { CallEnded, type CallSession, type Next } from "../call-session";
import { SimulatorError } from "../errors";
import type { PlivoElement } from "../parse-plivo-xml";
import { methodAttr } from "../xml-attrs";
import { dial } from "./dial";
import { getDigits } from "./get-digits";
import { record } from "./record";
import { speakOrPlay, waitEl } from "./media";

const HANGUP_REASONS: Record<string, string> = { rejected: "CALL_REJECTED", busy: "USER_BUSY" };

export async function execute(s: CallSession, elements: PlivoElement[], docUrl: string): Promise<Next> {
  for (const el of elements) {
    if (s.hang.signal.aborted) throw s.hangupReason();
    let next: Next = { kind: "continue" };
    switch (el.name) {
      case "Speak":
      case "Play":
        await speakOrPlay(s, el);
        break;
      case "Wait":
        await waitEl(s, el);
        break;
      case "GetDigits":
        next = await getDigits(s, el, docUrl);
        break;
      case "Dial":
        next = await dial(s, el);
        break;
      case "Record":
        next = await record(s, el, docUrl);
        break;
      case "Redirect":
        if (!el.text) throw new SimulatorError("invalid-attribute", "<Redirect> without a URL");
        next = { kind: "goto", request: { url: new URL(el.text, docUrl).toString(), method: methodAttr(el), params: s.baseParams() } };
        break;
      case "Hangup":
        throw new CallEnded(HANGUP_REASONS[el.attrs.reason ?? ""] ?? "NORMAL_CLEARING", "Answer XML");
      default:
        throw new SimulatorError("unknown-element", `<${el.name}> is not executable`);
    }
    if (next.kind === "goto") return next;
  }
  return { kind: "continue" };
}
