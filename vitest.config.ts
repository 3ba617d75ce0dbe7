import { fileURLToPath } from "node:url";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Two projects: unit tests of shared/, of the functions' pure helpers and of
// the dashboard's logic (fast, no I/O), and the tests that need the running
// product — integration over HTTP and SQL, and browser tests in Debian
// Chromium — which share one isolated stack started by tests/stack/global-setup.ts.
export default defineConfig({
  test: {
    projects: [
      {
        // The svelte plugin compiles the runes of web/'s *.svelte.ts state
        // classes; the aliases are the dashboard's own ($lib, @shared).
        plugins: [svelte({ configFile: false })],
        resolve: {
          alias: { $lib: path("./web/src/lib"), "@shared": path("./shared") },
        },
        test: {
          name: "unit",
          environment: "./web/src/lib/testing/svelte-environment.ts",
          include: ["shared/**/*.test.ts", "supabase/functions/**/*.test.ts", "web/src/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "stack",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/stack/global-setup.ts"],
          setupFiles: ["tests/stack/websocket.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
