// Test fixtures for the scoring engine: a fully reported customer and settings, overridable per test.
import { defaultSettings, type Settings } from "./settings.ts";
import type { Signals } from "./signals.ts";

/** A customer with every default-weighted signal reported; scores 70.5 under the defaults. */
export function makeSignals(overrides: Partial<Signals> = {}): Signals {
  return { logins: 15, adoption: 60, tickets: 1, nps: 9, days: 18, growth: "mild", ...overrides };
}

/** Default settings with some sections replaced. */
export function makeSettings(overrides: Partial<Settings> = {}): Settings {
  return { ...structuredClone(defaultSettings), ...overrides };
}
