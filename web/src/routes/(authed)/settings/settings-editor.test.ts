// The Settings editor's rules that need no server: the running total and the
// sentence refusing a save, switching a signal off, and which section an
// error names.
import { describe, expect, test } from "vitest";
import { defaultSettings } from "@shared/index.ts";
import { sectionOf, SettingsEditor } from "./settings-editor.svelte.ts";

function editorWith(weights: Partial<typeof defaultSettings.weights>) {
  const editor = new SettingsEditor();
  editor.draft = {
    weights: { ...defaultSettings.weights, ...weights }, bands: defaultSettings.bands, mappings: defaultSettings.mappings,
    cadence: defaultSettings.cadence, renewal_windows: defaultSettings.renewalWindows,
    signal_thresholds: defaultSettings.signalThresholds, expansion: defaultSettings.expansion,
  };
  return editor;
}

describe("the weights' total", () => {
  test("at 100 nothing is refused", () => {
    expect(editorWith({}).weightsProblem).toBeNull();
  });

  test("at 99 the sentence says what to add; at 101 what to take away", () => {
    expect(editorWith({ logins: 24 }).weightsProblem).toBe("Weights must total exactly 100; they total 99. Add 1 to save.");
    expect(editorWith({ logins: 26 }).weightsProblem).toBe("Weights must total exactly 100; they total 101. Take away 1 to save.");
  });

  test("thirds that add up to 100 count as 100", () => {
    expect(editorWith({ logins: 33.3, adoption: 33.3, tickets: 33.4, nps: 0, days: 0, growth: 0 }).weightsProblem).toBeNull();
  });

  test("switching a signal off sets its weight to 0", () => {
    const editor = editorWith({});
    editor.setEnabled("growth", false);
    expect(editor.draft!.weights.growth).toBe(0);
    expect(editor.total).toBe(95);
  });
});

describe("sectionOf", () => {
  test("names the section of an API or schema field, in the page's spelling", () => {
    expect(sectionOf("weights")).toBe("weights");
    expect(sectionOf("bands.watch")).toBe("bands");
    expect(sectionOf("renewalWindows")).toBe("renewal_windows");
    expect(sectionOf("signalThresholds.lowLogins")).toBe("signal_thresholds");
    expect(sectionOf(null)).toBeNull();
  });
});
