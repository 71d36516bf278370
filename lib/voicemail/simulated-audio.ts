// Local mode has no Plivo to host recordings: the simulator reports a RecordUrl under SIMULATED_RECORDING_PATH on
// our own base URL, and the media route answers it with this generated WAV (a quiet two-tone "voice" of the
// recording's length) so the dashboard's player works end to end without a phone or an account.

import { SIMULATED_RECORDING_PATH } from "../simulator/verbs/record";

export { SIMULATED_RECORDING_PATH };
const RATE = 8000;
const MAX_SECONDS = 30;

/** 16-bit mono PCM WAV, `seconds` long (1-30). */
export function simulatedRecordingWav(seconds: number): Uint8Array<ArrayBuffer> {
  const length = Math.max(1, Math.min(MAX_SECONDS, Math.round(seconds))) * RATE;
  const buf = new ArrayBuffer(44 + length * 2);
  const v = new DataView(buf);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  v.setUint32(4, 36 + length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true); // PCM chunk size
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, RATE, true);
  v.setUint32(28, RATE * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, length * 2, true);
  for (let i = 0; i < length; i++) {
    const t = i / RATE;
    const syllable = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t); // ~3 "syllables" a second
    const sample = syllable * (0.6 * Math.sin(2 * Math.PI * 220 * t) + 0.4 * Math.sin(2 * Math.PI * 330 * t));
    v.setInt16(44 + i * 2, Math.round(sample * 6000), true);
  }
  return new Uint8Array(buf);
}
