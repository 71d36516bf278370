// Gap detection for realtime signals: each server instance numbers its own stream 1, 2, 3...; a number skipped in
// any stream means an event was missed and the client must re-fetch. The first event seen from an instance starts
// tracking that stream (it is itself a signal, so the client re-fetches anyway).
export class SequenceTracker {
  private readonly last = new Map<string, number>();

  /** Records a signal; true when events from its instance were missed since the last one seen. */
  observe(signal: { src: string; seq: number }): boolean {
    const last = this.last.get(signal.src);
    this.last.set(signal.src, Math.max(last ?? 0, signal.seq));
    return last !== undefined && signal.seq > last + 1;
  }
}
