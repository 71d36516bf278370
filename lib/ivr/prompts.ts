import type { SpokenWait } from "../routing/wait-estimate";

// Everything the IVR says, keyed by language code. Adding a language is a Language row (menu digit, locale, voice)
// plus an entry here; no flow code changes. A language with a row but no entry speaks the English text.

export type Prompts = {
  /** Level 1, one line per language, spoken in that language: "For English, press 1." */
  languageOption: (digit: number) => string;
  invalidOption: string;
  noInput: string;
  /** Level 1 gives up after three failures with each language's goodbye. */
  tooManyAttempts: string;
  /** Level 2. */
  actionMenu: string;
  /** Spoken only when no recorded message file exists for the language. */
  message: string;
  goodbye: string;
  connecting: string;
  allBusy: (position: number) => string;
  stillWaiting: (position: number) => string;
  /** Queue waited past the maximum: offer the message (press 1) or hang up. */
  gaveUp: string;
  agentMissed: string;
  /** Level 3. */
  feedbackQuestion: string;
  feedbackThanks: (label: string) => string;
  ratingLabels: readonly [string, string, string, string];
  apology: string;
  /** A step could not be answered yet (busy database, a concurrent delivery): said before trying it again. */
  oneMoment: string;
  /** #18: the line is closed. `when` is the next opening as words ("tomorrow at 9:00 AM"), null if none is set. */
  closedNow: (when: string | null) => string;
  /** Words for the next opening, in the call centre's zone: today / tomorrow / a weekday, and the time. */
  openingDay: { today: string; tomorrow: string; weekday: (name: string) => string };
  openingAt: (day: string, time: string) => string;
  /** Luxon locale and time format for the spoken opening time. */
  timeLocale: string;
  timeFormat: string;
  voicemailOffer: string;
  voicemailInstructions: string;
  voicemailThanks: string;
  /** #18: the estimated wait, said in the hold loop after the position (lib/routing/wait-estimate.ts rounds it). */
  estimatedWait: (w: SpokenWait) => string;
  /** #18: the queued-callback offer in the hold loop, and what follows a press. */
  callbackOffer: (key: string) => string;
  /** #18: the hold loop's voicemail offer (lib/ivr/flow/callback.ts holdKey). */
  voicemailFromQueueOffer: (key: string) => string;
  callbackConfirmed: string;
  callbackMerged: string;
  callbackRefused: string;
  /** #18: first words of the outbound callback leg, before the agent's phone rings. */
  callbackIntro: string;
};

export const PROMPTS: Record<string, Prompts> = {
  en: {
    languageOption: (d) => `For English, press ${d}.`,
    invalidOption: "That is not a valid option.",
    noInput: "Sorry, we did not get a valid selection.",
    tooManyAttempts: "We could not get a valid selection. Please call again later. Goodbye.",
    actionMenu: "To hear a message, press 1. To talk to a live agent, press 2.",
    message:
      "Thank you for calling. Our office is open Monday to Friday, nine to five. Visit our website for news and updates.",
    goodbye: "Thank you for calling. Goodbye.",
    connecting: "Please hold while we connect you to an agent.",
    allBusy: (p) => `All of our agents are busy. You are number ${p} in line. Please stay on the line.`,
    stillWaiting: (p) => `Thank you for waiting. You are number ${p} in line.`,
    gaveUp: "Sorry, all of our agents are still busy. To hear our message instead, press 1.",
    agentMissed: "That agent is not available. Trying the next one.",
    feedbackQuestion:
      "Please rate your call. For poor, press 1. For fair, press 2. For good, press 3. For excellent, press 4.",
    feedbackThanks: (label) => `You rated this call ${label}. Thank you for your feedback. Goodbye.`,
    ratingLabels: ["poor", "fair", "good", "excellent"],
    apology: "Sorry, something went wrong on our side. Please call again later. Goodbye.",
    oneMoment: "One moment, please.",
    closedNow: (when) => (when ? `Sorry, we are closed right now. We open again ${when}.` : "Sorry, we are closed right now."),
    openingDay: { today: "today", tomorrow: "tomorrow", weekday: (name) => `on ${name}` },
    openingAt: (day, time) => `${day} at ${time}`,
    timeLocale: "en-US",
    timeFormat: "h:mm a",
    voicemailOffer: "To leave a message, press 1. Otherwise, please call again when we are open.",
    voicemailInstructions: "Please leave your message after the beep. Press the pound key when you are finished.",
    voicemailThanks: "Thank you, we have your message and will get back to you. Goodbye.",
    estimatedWait: (w) =>
      w.kind === "under-a-minute"
        ? "Your estimated wait is less than a minute."
        : w.kind === "over"
          ? `Your estimated wait is more than ${w.minutes} minutes.`
          : `Your estimated wait is about ${w.minutes} ${w.minutes === 1 ? "minute" : "minutes"}.`,
    callbackOffer: (k) => `To be called back instead of holding, press ${k}. You keep your place in line.`,
    voicemailFromQueueOffer: (k) => `To leave a message instead, press ${k}.`,
    callbackConfirmed: "Thank you. We will call you back at this number when it is your turn. You keep your place in line. Goodbye.",
    callbackMerged: "You already have a callback request, and it keeps your earlier place in line. We will call you back. Goodbye.",
    callbackRefused: "Sorry, we cannot call this number back. Please stay on the line for the next agent.",
    callbackIntro: "Hello, this is the callback you asked for. Please hold while we connect you to an agent.",
  },
  es: {
    languageOption: (d) => `Para español, oprima ${d}.`,
    invalidOption: "Esa no es una opción válida.",
    noInput: "Lo sentimos, no recibimos una selección válida.",
    tooManyAttempts: "No pudimos obtener una selección válida. Por favor llame más tarde. Adiós.",
    actionMenu: "Para escuchar un mensaje, oprima 1. Para hablar con un agente, oprima 2.",
    message:
      "Gracias por llamar. Nuestra oficina abre de lunes a viernes, de nueve a cinco. Visite nuestro sitio web para novedades.",
    goodbye: "Gracias por llamar. Adiós.",
    connecting: "Por favor espere mientras lo comunicamos con un agente.",
    allBusy: (p) => `Todos nuestros agentes están ocupados. Usted es el número ${p} en la fila. Por favor no cuelgue.`,
    stillWaiting: (p) => `Gracias por esperar. Usted es el número ${p} en la fila.`,
    gaveUp: "Lo sentimos, todos nuestros agentes siguen ocupados. Para escuchar nuestro mensaje, oprima 1.",
    agentMissed: "Ese agente no está disponible. Intentamos con el siguiente.",
    feedbackQuestion:
      "Por favor califique su llamada. Para mala, oprima 1. Para regular, oprima 2. Para buena, oprima 3. Para excelente, oprima 4.",
    feedbackThanks: (label) => `Usted calificó esta llamada como ${label}. Gracias por su opinión. Adiós.`,
    ratingLabels: ["mala", "regular", "buena", "excelente"],
    apology: "Lo sentimos, tuvimos un problema. Por favor llame más tarde. Adiós.",
    oneMoment: "Un momento, por favor.",
    closedNow: (when) => (when ? `Lo sentimos, en este momento estamos cerrados. Abrimos de nuevo ${when}.` : "Lo sentimos, en este momento estamos cerrados."),
    openingDay: { today: "hoy", tomorrow: "mañana", weekday: (name) => `el ${name}` },
    openingAt: (day, time) => `${day} a las ${time}`,
    timeLocale: "es",
    timeFormat: "H:mm",
    voicemailOffer: "Para dejar un mensaje, oprima 1. Si no, por favor llame de nuevo cuando estemos abiertos.",
    voicemailInstructions: "Por favor deje su mensaje después del tono. Oprima la tecla numeral cuando termine.",
    voicemailThanks: "Gracias, recibimos su mensaje y nos comunicaremos con usted. Adiós.",
    estimatedWait: (w) =>
      w.kind === "under-a-minute"
        ? "Su tiempo de espera estimado es de menos de un minuto."
        : w.kind === "over"
          ? `Su tiempo de espera estimado es de más de ${w.minutes} minutos.`
          : `Su tiempo de espera estimado es de unos ${w.minutes} ${w.minutes === 1 ? "minuto" : "minutos"}.`,
    callbackOffer: (k) => `Para que le devolvamos la llamada en lugar de esperar, oprima ${k}. Usted conserva su lugar en la fila.`,
    voicemailFromQueueOffer: (k) => `Para dejar un mensaje en su lugar, oprima ${k}.`,
    callbackConfirmed: "Gracias. Le devolveremos la llamada a este número cuando sea su turno. Usted conserva su lugar en la fila. Adiós.",
    callbackMerged: "Usted ya tiene una solicitud de devolución de llamada, que conserva su lugar anterior en la fila. Le llamaremos. Adiós.",
    callbackRefused: "Lo sentimos, no podemos devolver la llamada a este número. Por favor no cuelgue y espere al próximo agente.",
    callbackIntro: "Hola, esta es la llamada que usted solicitó. Por favor espere mientras lo comunicamos con un agente.",
  },
};

export const DEFAULT_LANGUAGE = "en";

export function promptsFor(code: string | null | undefined): Prompts {
  return PROMPTS[code ?? DEFAULT_LANGUAGE] ?? (PROMPTS[DEFAULT_LANGUAGE] as Prompts);
}

/** Voices for the rare answer given without the database (an error apology): the languages we ship prompts for. */
export const FALLBACK_VOICES = [
  { code: "en", locale: "en-US", voice: "WOMAN" },
  { code: "es", locale: "es-US", voice: "WOMAN" },
] as const;
