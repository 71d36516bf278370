"use client";
// How the simulated agent leg behaves (answers after N s and talks M s, no answer, busy, failed), the time scale
// and sound. The behaviour is reported up on every change: the phone reads it at each Dial.
import { useEffect, useState } from "react";
import { inputClass, selectClass } from "@/components/ui-classes";
import type { AgentBehaviour } from "@/lib/simulator/agent-behaviour";

type AgentKind = AgentBehaviour["kind"];
const SCALES = [1, 0.5, 0.2, 0.1] as const;

type Props = {
  onAgentChange: (agent: AgentBehaviour) => void;
  timeScale: number;
  setTimeScale: (scale: number) => void;
  sound: boolean;
  setSound: (on: boolean) => void;
  inCall: boolean;
};

export function AgentControls({ onAgentChange, timeScale, setTimeScale, sound, setSound, inCall }: Props) {
  const [agentKind, setAgentKind] = useState<AgentKind>("answer");
  const [answerAfter, setAnswerAfter] = useState(3);
  const [talkFor, setTalkFor] = useState(10);
  useEffect(() => {
    onAgentChange(agentKind === "answer" ? { kind: "answer", afterSeconds: answerAfter, talkSeconds: talkFor } : { kind: agentKind });
  }, [agentKind, answerAfter, talkFor, onAgentChange]);

  return (
    <>
      <fieldset className="space-y-2 border-t border-slate-200 pt-4">
        <legend className="text-sm font-semibold text-slate-700">Agent behaviour</legend>
        <select aria-label="Agent behaviour" data-testid="agent-behaviour" className={selectClass} value={agentKind} onChange={(e) => setAgentKind(e.target.value as AgentKind)}>
          <option value="answer">Answers</option>
          <option value="no-answer">No answer</option>
          <option value="busy">Busy</option>
          <option value="failed">Failed</option>
        </select>
        {agentKind === "answer" ? (
          <div className="grid grid-cols-2 gap-2">
            <label className="text-sm text-slate-600">
              after (s)
              <input aria-label="Answer after seconds" type="number" min={0} max={120} className={inputClass} value={answerAfter} onChange={(e) => setAnswerAfter(Math.max(0, Number(e.target.value) || 0))} />
            </label>
            <label className="text-sm text-slate-600">
              talks (s)
              <input aria-label="Talk seconds" type="number" min={0} max={3600} className={inputClass} value={talkFor} onChange={(e) => setTalkFor(Math.max(0, Number(e.target.value) || 0))} />
            </label>
          </div>
        ) : null}
        <p className="text-xs text-slate-500">Applies to the next Dial, also during a call.</p>
      </fieldset>

      <div className="grid grid-cols-2 gap-3 border-t border-slate-200 pt-4">
        <label className="text-sm text-slate-600">
          Time scale
          <select aria-label="Time scale" className={selectClass} value={timeScale} onChange={(e) => setTimeScale(Number(e.target.value))} disabled={inCall}>
            {SCALES.map((s) => (
              <option key={s} value={s}>
                {s === 1 ? "real time" : `${s}×`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 self-end text-sm text-slate-700">
          <input type="checkbox" checked={sound} onChange={(e) => setSound(e.target.checked)} />
          Sound (speech + audio)
        </label>
      </div>
    </>
  );
}
