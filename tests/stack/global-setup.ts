// Starts one isolated Pulseboard stack for the integration and browser tests:
// its own Postgres cluster in a temp folder, free ports, migrations, demo data
// and the gateway — the same `local/stack.ts up` a developer runs.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";
import { startMailCatcher } from "./mail-catcher.ts";

const root = resolve(import.meta.dirname, "../..");
let stop: (() => Promise<void>) | undefined;
let stopMail: (() => Promise<void>) | undefined;
const rescoreBatchSize = 25;

export async function setup(project: TestProject) {
  // The stack's own errors (a function's 500, say) show beside the test output.
  // Small rescore batches, so that whole-client rescoring crosses batch
  // boundaries in every test that changes settings or runs decay. Every
  // answer is checked against its action's answer schema (CHECK_ANSWERS), so
  // each test that calls an action also proves the schema the docs promise.
  // E-mails (invitation links) go to a catcher the tests read.
  const mail = await startMailCatcher();
  stopMail = mail.stop;
  const stack = await startIsolatedStack({
    prefix: "pulseboard-test-", stderr: (d) => process.stderr.write(d),
    env: { RESCORE_BATCH_SIZE: String(rescoreBatchSize), CHECK_ANSWERS: "true", EMAIL_API_URL: mail.url },
  });
  stop = stack.stop;
  const demo = JSON.parse(readFileSync(join(stack.dataDir, "demo.json"), "utf8"));
  project.provide("stack", { ...stack.info, demo, root, rescoreBatchSize, mailUrl: mail.url });
}

export async function teardown() {
  await stop?.();
  await stopMail?.();
}
