// The simulated caller: what they press at each <GetDigits> attempt. Scripted (tests, CLI), random (load), or a
// live keypad (the /phone page).
import { realClock, type Clock } from "./clock";

export type PromptContext = {
  step: string; // e.g. "language", "menu", "feedback" (from the URL that returned the prompt)
  attempt: number; // 1-based attempt within this GetDigits (retries)
  prompts: string[]; // the Speak texts / Play URLs nested in the GetDigits
  numDigits: number;
  validDigits: string;
  finishOnKey: string;
};

export interface Caller {
  /** A GetDigits attempt starts. Returning "hangup" hangs the caller up here. */
  beginPrompt(ctx: PromptContext): void | "hangup";
  /** The next key within `timeoutMs` (real time), or null if the caller stays silent that long. */
  nextKey(timeoutMs: number, signal: AbortSignal): Promise<string | null>;
  /** The attempt is over; keys pressed outside a GetDigits are not collected (as on Plivo). */
  endPrompt?(): void;
  /** True when a key is already waiting, so the remaining prompt audio is skipped (barge-in). */
  hasPendingKey?(): boolean;
  /** Aborted when a key is pressed during the current prompt: stops the prompt mid-sentence (barge-in). */
  bargeIn?(): AbortSignal;
}

/** One entry per GetDigits attempt: digits to press (e.g. "1", "12#"), "wait" (stay silent) or "hangup". */
export type ScriptEntry = string;
export type CallerScript = ScriptEntry[] | ((ctx: PromptContext) => ScriptEntry);

const KEYS = /^[0-9*#]*$/;

export function validateScript(entries: string[]): string[] {
  for (const e of entries) {
    if (e !== "wait" && e !== "hangup" && (!KEYS.test(e) || e === "")) {
      throw new Error(`script entry "${e}" must be keys (0-9 * #), "wait" or "hangup"`);
    }
  }
  return entries;
}

/** Presses the next script entry at each prompt, after hearing it; silent once the script runs out. */
export function scriptedCaller(script: CallerScript, clock: Clock = realClock): Caller & { remaining(): number } {
  const queue = typeof script === "function" ? null : validateScript([...script]);
  let buffer: string[] = [];
  return {
    beginPrompt(ctx) {
      const entry = queue ? (queue.shift() ?? "wait") : typeof script === "function" ? script(ctx) : "wait";
      if (entry === "hangup") return "hangup";
      buffer = entry === "wait" ? [] : [...validateScript([entry])[0]!];
    },
    async nextKey(timeoutMs, signal) {
      const key = buffer.shift();
      if (key !== undefined) return key;
      await clock.sleep(timeoutMs, signal);
      return null;
    },
    endPrompt() {
      buffer = [];
    },
    remaining: () => queue?.length ?? 0,
  };
}

/** A load-test caller: mostly valid choices, sometimes silence, an invalid key, or hanging up. */
export function randomCaller(
  opts: { silenceRate?: number; invalidRate?: number; hangupRate?: number; random?: () => number } = {},
  clock: Clock = realClock,
): Caller {
  const { silenceRate = 0.1, invalidRate = 0.05, hangupRate = 0.02, random = Math.random } = opts;
  return scriptedCaller((ctx) => {
    const r = random();
    if (r < hangupRate) return "hangup";
    if (r < hangupRate + silenceRate) return "wait";
    const valid = [...ctx.validDigits].filter((k) => k !== ctx.finishOnKey);
    if (r < hangupRate + silenceRate + invalidRate) {
      const invalid = [..."0123456789*"].filter((k) => !valid.includes(k));
      if (invalid.length > 0) return invalid[Math.floor(random() * invalid.length)]!;
    }
    const digits = valid.length > 0 ? valid : [..."0123456789"];
    return digits[Math.floor(random() * digits.length)]!;
  }, clock);
}

/** A live keypad (the /phone page): keys pressed during a prompt are collected, others are dropped. */
export class KeypadCaller implements Caller {
  private queue: string[] = [];
  private waiter: ((key: string) => void) | null = null;
  private active = false;
  private barge = new AbortController();

  constructor(private readonly clock: Clock = realClock) {}

  press(key: string) {
    if (!/^[0-9*#]$/.test(key) || !this.active) return;
    if (this.waiter) this.waiter(key);
    else this.queue.push(key);
    this.barge.abort();
  }

  beginPrompt() {
    this.active = true;
    this.barge = new AbortController();
  }

  endPrompt() {
    this.active = false;
    this.queue = [];
  }

  bargeIn() {
    return this.barge.signal;
  }

  hasPendingKey() {
    return this.queue.length > 0;
  }

  nextKey(timeoutMs: number, signal: AbortSignal): Promise<string | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    const timer = new AbortController();
    const onAbort = () => timer.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    return new Promise<string | null>((resolve, reject) => {
      this.waiter = (key) => {
        this.waiter = null;
        timer.abort("key");
        resolve(key);
      };
      this.clock.sleep(timeoutMs, timer.signal).then(
        () => {
          this.waiter = null;
          resolve(null);
        },
        (reason: unknown) => {
          this.waiter = null;
          if (reason !== "key") reject(reason);
        },
      );
    }).finally(() => signal.removeEventListener("abort", onAbort));
  }
}
