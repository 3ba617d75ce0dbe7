// Starts one isolated Pulseboard stack for the integration and browser tests:
// its own Postgres cluster in a temp folder, free ports, migrations, demo data
// and the gateway — the same `local/stack.ts up` a developer runs.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import type { StackInfo } from "./context.ts";

const root = resolve(import.meta.dirname, "../..");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), "pulseboard-test-"));
  const [port, dbPort] = [await freePort(), await freePort()];
  child = spawn(join(root, "node_modules/.bin/deno"),
    ["run", "-A", "local/stack.ts", "up", "--data", dataDir, "--port", String(port), "--db-port", String(dbPort), "--quiet"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const info = await new Promise<StackInfo>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`stack did not start in 180 s:\n${log}`)), 180_000);
    child!.stderr!.on("data", (d) => (log += d));
    child!.stdout!.on("data", (d) => {
      log += d;
      const line = log.split("\n").find((l) => l.startsWith("READY "));
      if (line) {
        clearTimeout(timer);
        ok(JSON.parse(line.slice(6)));
      }
    });
    child!.on("exit", (code) => fail(new Error(`stack exited with ${code}:\n${log}`)));
  });
  // Keep reading so the child never blocks on a full pipe; show its errors.
  child.stdout!.on("data", () => {});
  child.stderr!.on("data", (d) => process.stderr.write(d));
  const demo = JSON.parse(readFileSync(join(dataDir, "demo.json"), "utf8"));
  project.provide("stack", { ...info, demo, root });
}

export async function teardown() {
  if (child && child.exitCode === null) {
    const exited = new Promise((ok) => child!.once("exit", ok));
    child.kill("SIGTERM");
    // unref: a pending fallback timer must not keep vitest alive after the stack is gone.
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000).unref())]);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
