// Runs as a worker thread, started by publish-thread.ts: the same queue, packing and one-request-at-a-time order
// as on the main thread (createSignalQueue), fed with signals the main thread has already numbered and stamped.
import { parentPort } from "node:worker_threads";
import { createSignalQueue, sendToPusher } from "./publish";
import type { ThreadMessage, ThreadReceipt } from "./publish-thread";

const port = parentPort;
if (!port) throw new Error("publish-worker.ts runs as a worker thread (see publish-thread.ts)");

const enqueue = createSignalQueue(sendToPusher);
let receipts: ThreadReceipt[] = [];
const report = () => {
  port.postMessage(receipts);
  receipts = [];
};

port.on("message", (signals: ThreadMessage) => {
  for (const { id, name, signal, channel } of signals) {
    void enqueue(name, signal, channel).then((sent) => {
      if (receipts.length === 0) setImmediate(report); // one message back per batch, not per signal
      receipts.push([id, sent !== null]);
    });
  }
});
