// Drives the browser phone (/phone) the way a tester does: set the caller number, time scale and agent behaviour,
// place the call, and press keys when the phone says it is listening. Keys pressed outside a prompt are dropped
// (as on a real call), so every press first waits for the next prompt of the expected IVR level.
import { expect, type Locator, type Page } from "@playwright/test";

export type AgentChoice = { kind: "answer"; after?: number; talk?: number } | { kind: "no-answer" | "busy" | "failed" };
export type Level = "language" | "menu" | "rating" | "offer" | "after-hours" | "queue";

const KEY_TESTID: Record<string, string> = { "*": "key-star", "#": "key-hash" };

export class Phone {
  /** The last prompt this helper acted on; the next press waits for a later one. */
  private lastPrompt = 0;

  private constructor(
    readonly page: Page,
    readonly number: string,
  ) {}

  /** Opens /phone ready to place a call from `number`. `scale` multiplies every wait (0.2 = five times faster). */
  static async open(page: Page, number: string, opts: { scale?: "1" | "0.5" | "0.2" | "0.1"; agent?: AgentChoice } = {}) {
    await page.goto("/phone");
    const phone = new Phone(page, number);
    await expect(page.getByRole("heading", { name: "Call simulator" })).toBeVisible();
    await page.getByLabel("Caller number").fill(number);
    await page.getByLabel("Time scale").selectOption(opts.scale ?? "0.2");
    await phone.setAgent(opts.agent ?? { kind: "answer", after: 1, talk: 10 });
    return phone;
  }

  get status(): Locator {
    return this.page.getByTestId("call-status");
  }
  get transcript(): Locator {
    return this.page.getByTestId("transcript");
  }
  get step(): Locator {
    return this.page.getByTestId("current-step");
  }
  /** Lines of what the caller heard (spoken text), in order. */
  spoken(): Locator {
    return this.transcript.locator('li[data-kind="speak"]');
  }

  /** Applies to the next Dial, also during a call (as on the page). */
  async setAgent(choice: AgentChoice) {
    await this.page.getByLabel("Agent behaviour").selectOption(choice.kind);
    if (choice.kind === "answer") {
      await this.page.getByLabel("Answer after seconds").fill(String(choice.after ?? 1));
      await this.page.getByLabel("Talk seconds").fill(String(choice.talk ?? 10));
    }
  }

  async call() {
    await this.page.getByRole("button", { name: "Inbound call" }).click();
    await expect(this.status).toHaveText(/^In call/);
  }

  /**
   * Waits for the next prompt after the last one handled and checks its level. The phone's prompt indicator is
   * polled every 25 ms: at a small time scale a prompt waits only a second or two for a key.
   */
  async waitForPrompt(level: Level, timeout = 20_000): Promise<number> {
    const handle = await this.page.waitForFunction(
      (after) => {
        const el = document.querySelector('[data-testid="prompt-state"]');
        const status = document.querySelector('[data-testid="call-status"]')?.textContent ?? "";
        if (status.startsWith("Call ended") || status.startsWith("Call failed")) return { ended: status };
        if (!el || el.getAttribute("data-listening") !== "true") return false;
        const seq = Number(el.getAttribute("data-prompt-seq"));
        return seq > after ? { seq, level: el.getAttribute("data-level") ?? "" } : false;
      },
      this.lastPrompt,
      { polling: 25, timeout },
    );
    const prompt = (await handle.jsonValue()) as { seq: number; level: string } | { ended: string };
    if ("ended" in prompt) throw new Error(`expected a ${level} prompt, but the call is over: ${prompt.ended}`);
    this.lastPrompt = prompt.seq;
    if (prompt.level !== level) throw new Error(`expected a ${level} prompt, the phone is asking for ${prompt.level}`);
    return prompt.seq;
  }

  /** Presses `key` on the keypad at the next `level` prompt. */
  async press(level: Level, key: string) {
    const seq = await this.waitForPrompt(level);
    await this.page.getByTestId(KEY_TESTID[key] ?? `key-${key}`).click();
    await this.promptOver(seq);
    // The key reached the prompt (not dropped, not too late): the phone's last input line is this key.
    await expect(this.inputs().last()).toContainText(`You entered ${key}`);
  }

  /** Waits until the current prompt has been said and its timeout is running. */
  async awaitingKey() {
    await expect(this.page.getByTestId("prompt-state")).toHaveAttribute("data-awaiting", "true");
  }

  /** Taps a key now, whatever the phone is doing (see press() for the checked version). */
  async tap(key: string) {
    await this.page.getByTestId(KEY_TESTID[key] ?? `key-${key}`).click();
  }

  /** Lets the next `level` prompt time out without a key. */
  async stayQuiet(level: Level) {
    await this.promptOver(await this.waitForPrompt(level));
    await expect(this.inputs().last()).toHaveText(/\(no input\)/);
  }

  private inputs(): Locator {
    return this.transcript.locator('li[data-kind="digits"], li[data-kind="no-input"]');
  }

  private async promptOver(seq: number) {
    await this.page.waitForFunction(
      (s) => {
        const el = document.querySelector('[data-testid="prompt-state"]');
        return !el || el.getAttribute("data-listening") !== "true" || Number(el.getAttribute("data-prompt-seq")) > s;
      },
      seq,
      { polling: 25, timeout: 20_000 },
    );
  }

  async hangUp() {
    await this.page.getByRole("button", { name: "Hang up" }).click();
    await this.ended();
  }

  async ended(timeout = 20_000) {
    await expect(this.status).toHaveText(/^Call ended/, { timeout });
  }

  /** Hangs up if still in a call (cleanup): the hangup callback closes the call on the server. */
  async ensureEnded() {
    if (this.page.isClosed()) return;
    const hangUp = this.page.getByRole("button", { name: "Hang up" });
    if ((await hangUp.count()) > 0 && (await hangUp.isEnabled())) await this.hangUp();
  }

  /** The agent numbers the IVR dialled, in order, as the transcript shows them. */
  async dialled(): Promise<string[]> {
    const lines = await this.transcript.locator('li[data-kind="dial"]').allTextContents();
    return lines.map((l) => /\((\+\d+)/.exec(l)?.[1] ?? "?");
  }
}
