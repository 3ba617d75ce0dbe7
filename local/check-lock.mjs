// Fails when package-lock.json lacks a platform package that an installed
// package lists as optional. Our npm registry holds only some platforms'
// builds (the Supabase CLI: linux-x64 only), so `npm install` here drops the
// others from the lock file, and `npm ci` on any machine then refuses to run.
// Such entries are added by hand with their os/cpu (npm ci skips them).
import { readFileSync } from "node:fs";

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8"));
const missing = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!lock.packages[`node_modules/${name}`] && !lock.packages[`${path}/node_modules/${name}`]) missing.push(`${name} (optional dependency of ${path || "the project"})`);
  }
}
if (missing.length > 0) {
  console.error(`package-lock.json lacks:\n  ${missing.join("\n  ")}\nnpm ci will refuse it; add the entries (version, os, cpu, optional: true) as the others are.`);
  process.exit(1);
}
