import { defineConfig } from "vitest/config";

// Two projects: unit tests of shared/ and of the functions' pure helpers
// (fast, no I/O), and the tests that need the running product — integration
// over HTTP and SQL, and browser tests in Debian Chromium — which share one
// isolated stack started by tests/stack/global-setup.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["shared/**/*.test.ts", "supabase/functions/**/*.test.ts"],
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
