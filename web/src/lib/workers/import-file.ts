// The import worker as the page uses it: one request, the next answer of its kind.
import type { FromWorker, ToWorker } from "./import-protocol.ts";

type Answer<T extends FromWorker["type"]> = Extract<FromWorker, { type: T }>;

export class ImportWorker {
  #worker = new Worker(new URL("./import-file.worker.ts", import.meta.url), { type: "module" });
  #waiting: { type: FromWorker["type"]; resolve: (m: FromWorker) => void; reject: (e: Error) => void }[] = [];

  /** Called with each progress report of a check. */
  onProgress: (fraction: number) => void = () => {};

  constructor() {
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === "progress") return this.onProgress(m.fraction);
      if (m.type === "failed") {
        for (const w of this.#waiting.splice(0)) w.reject(new Error(m.message));
        return;
      }
      const at = this.#waiting.findIndex((w) => w.type === m.type);
      if (at >= 0) this.#waiting.splice(at, 1)[0].resolve(m);
    };
  }

  /** Sends `message` and waits for the worker's answer of type `answer`. */
  ask<T extends FromWorker["type"]>(message: ToWorker, answer: T): Promise<Answer<T>> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ type: answer, resolve: resolve as (m: FromWorker) => void, reject });
      this.#worker.postMessage(message);
    });
  }

  stop() {
    this.#worker.terminate();
    for (const w of this.#waiting.splice(0)) w.reject(new Error("stopped"));
  }
}
