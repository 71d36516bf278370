// Recorded audio under public/audio (generated from prompts.ts by lib/ivr/generate-audio.mts). A static list rather
// than a filesystem probe: on a serverless host the public folder is served by the CDN, not readable by the function.
// A language missing here falls back to Speak; responses.test.ts checks every listed file exists and stays small.

/** The level 2 option 1 message, per language. */
export const MESSAGE_AUDIO: Readonly<Record<string, string>> = {
  en: "/audio/message-en.wav",
  es: "/audio/message-es.wav",
};

/** "That is not a valid option", played by Plivo itself when a key outside validDigits is pressed. */
export const INVALID_AUDIO: Readonly<Record<string, string>> = {
  en: "/audio/invalid-en.wav",
  es: "/audio/invalid-es.wav",
};

/** Level 1 is bilingual, so is its invalid-key sound. */
export const INVALID_AUDIO_ALL_LANGUAGES = "/audio/invalid-all.wav";

/** Played while a caller waits in the queue, between position announcements. */
export const HOLD_MUSIC = "/audio/hold-music.wav";
