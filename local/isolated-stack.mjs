// An isolated Pulseboard stack for tests and benchmarks: `local/stack.ts up`
// in a temp folder on free ports, resolved once it prints its READY line.
// Plain JavaScript so that vitest's setup and node benchmarks share it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/**
 * Starts the stack (with demo data unless `demo` is false; `env` adds to the
 * functions' environment, e.g. a small RESCORE_BATCH_SIZE). `stop()` sends
 * SIGTERM (the stack stops its gateway and cluster) and removes the folder
 * unless `keep`.
 */
export async function startIsolatedStack({ demo = true, prefix = "pulseboard-", stderr = () => {}, keep = false, env = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const [port, dbPort] = [await freePort(), await freePort()];
  // The same V8 flag as local/start.sh (a small young generation for the gateway).
  const args = ["run", "--v8-flags=--max-semi-space-size=6", "-A", "local/stack.ts", "up", "--data", dataDir, "--port", String(port), "--db-port", String(dbPort), "--quiet"];
  if (!demo) args.push("--no-demo");
  const child = spawn(join(root, "node_modules/.bin/deno"), args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let log = "";
  const info = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`stack did not start in 180 s:\n${log}`)), 180_000);
    child.stderr.on("data", (d) => (log += d));
    child.stdout.on("data", (d) => {
      log += d;
      const line = log.split("\n").find((l) => l.startsWith("READY "));
      if (line) {
        clearTimeout(timer);
        ok(JSON.parse(line.slice(6)));
      }
    });
    child.on("exit", (code) => fail(new Error(`stack exited with ${code}:\n${log}`)));
  });
  // Keep reading so the child never blocks on a full pipe.
  child.stdout.on("data", () => {});
  child.stderr.on("data", stderr);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      // unref: a pending fallback timer must not keep the process alive.
      await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000).unref())]);
    }
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  };
  return { info, dataDir, stop };
}
