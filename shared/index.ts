// The shared scoring engine and derived figures, one import for edge functions and the browser.
export * from "./scoring/settings.ts";
export * from "./scoring/signals.ts";
export * from "./scoring/bands.ts";
export * from "./scoring/score.ts";
export * from "./scoring/decay.ts";
export * from "./derived/priority.ts";
export * from "./derived/cadence.ts";
export * from "./derived/renewal.ts";
export * from "./derived/momentum.ts";
export * from "./derived/portfolio.ts";
export * from "./common/dates.ts";
export * from "./scoring/lifecycle.ts";
