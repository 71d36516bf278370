// Regenerates public/audio from the prompt text: `npx tsx lib/ivr/generate-audio.mts` (needs espeak-ng and sox:
// `apt-get install -y espeak-ng sox`). Files are 8 kHz mono u-law WAV, telephone quality, a few tens of KB each.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { HOLD_MUSIC, INVALID_AUDIO, INVALID_AUDIO_ALL_LANGUAGES, MESSAGE_AUDIO } from "./audio.ts";
import { PROMPTS } from "./prompts.ts";

const PUBLIC = resolve(import.meta.dirname, "../../public");
const VOICES: Record<string, string> = { en: "en-us", es: "es-419" };
const work = mkdtempSync(join(tmpdir(), "ivr-audio-"));

function speak(code: string, text: string, wav: string) {
  execFileSync("espeak-ng", ["-v", VOICES[code] ?? code, "-s", "150", "-w", wav, text]);
}

function telephone(inputs: string[], out: string) {
  execFileSync("sox", [...inputs, "-r", "8000", "-c", "1", "-e", "u-law", resolve(PUBLIC, `.${out}`)]);
  console.log(out);
}

for (const [code, file] of Object.entries(MESSAGE_AUDIO)) {
  const raw = join(work, `message-${code}.wav`);
  speak(code, PROMPTS[code]!.message, raw);
  telephone([raw], file);
}
const invalidParts: string[] = [];
for (const [code, file] of Object.entries(INVALID_AUDIO)) {
  const raw = join(work, `invalid-${code}.wav`);
  speak(code, PROMPTS[code]!.invalidOption, raw);
  telephone([raw], file);
  invalidParts.push(raw);
}
telephone(invalidParts, INVALID_AUDIO_ALL_LANGUAGES);

// Hold music: a soft arpeggio, 8 seconds, so the caller hears something between queue announcements.
const notes = ["C4", "E4", "G4", "C5", "G4", "E4", "D4", "F4", "A4", "D5", "A4", "F4", "C4", "E4", "G4", "C5"];
const parts = notes.map((note, i) => {
  const f = join(work, `n${i}.wav`);
  execFileSync("sox", ["-n", "-r", "8000", "-c", "1", f, "synth", "0.5", "sine", note, "fade", "0.02", "0.5", "0.1", "vol", "0.3"]);
  return f;
});
telephone(parts, HOLD_MUSIC);
rmSync(work, { recursive: true, force: true });
