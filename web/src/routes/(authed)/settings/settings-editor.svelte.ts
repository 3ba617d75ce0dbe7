// The Settings page's state: the client's settings and profiles as loaded,
// the draft being edited (the client's settings, or one profile's weights),
// its preview on the client's real customers (asked for a moment after each
// change, never saved), and the save, which rescores the client.
import {
  deleteProfile, getSettings, getSettingsHealth, previewSettings, renameProfile, saveProfile, updateSettings,
} from "$lib/api/settings.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { Submission } from "$lib/state/submission.svelte.ts";
import type { ClientScoring } from "@shared/scoring/answers.ts";
import { updateSettingsInput } from "@shared/scoring/inputs.ts";
import { type ScoringProfile, scoringProfileSchema, type Settings, type SignalName, signalNames, weightsTotal } from "@shared/scoring/settings.ts";
import type { SettingsHealth, SettingsPreview } from "@shared/settings/answers.ts";
import type { SettingsDraft } from "@shared/settings/merge.ts";

/** Every section present: what the editor holds. */
export type Draft = Required<SettingsDraft>;
/** What the editor edits: the client's settings, or one profile (new or saved). */
export type Target = { kind: "client" } | { kind: "profile"; name: string; saved: ScoringProfile | null };

const toDraft = (s: Settings): Draft => structuredClone({
  weights: s.weights, bands: s.bands, mappings: s.mappings, cadence: s.cadence,
  renewal_windows: s.renewalWindows, signal_thresholds: s.signalThresholds, expansion: s.expansion,
});
const enabledOf = (w: Draft["weights"]) => Object.fromEntries(signalNames.map((n) => [n, w[n] > 0])) as Record<SignalName, boolean>;

/** The section an API or schema error is about, as the page's sections are named. */
export function sectionOf(field: string | null): string | null {
  if (!field) return null;
  const head = field.split(".")[0];
  return ({ renewalWindows: "renewal_windows", signalThresholds: "signal_thresholds" } as Record<string, string>)[head] ?? head;
}

export class SettingsEditor {
  #loaded = new Resource<{ scoring: ClientScoring; health: SettingsHealth }>(
    "Something went wrong loading the settings. Please try again.");
  #preview = new Resource<SettingsPreview>("The preview could not be computed. Please try again.");
  #timer: ReturnType<typeof setTimeout> | undefined;
  #clientId: string | null = null;
  readonly submission = new Submission();
  readonly profiles = new Submission();
  draft = $state<Draft | null>(null);
  enabled = $state<Record<SignalName, boolean>>(Object.fromEntries(signalNames.map((n) => [n, true])) as Record<SignalName, boolean>);
  target = $state<Target>({ kind: "client" });
  /** What the last save did, in a sentence. */
  saved = $state<string | null>(null);

  get loading() { return this.#loaded.loading; }
  get error() { return this.#loaded.error; }
  get scoring() { return this.#loaded.value?.scoring ?? null; }
  get health() { return this.#loaded.value?.health ?? null; }
  get preview() { return this.#preview.value; }
  get previewing() { return this.#preview.loading; }
  get previewError() { return this.#preview.error; }

  get total(): number { return this.draft ? Math.round(weightsTotal(this.draft.weights) * 1e6) / 1e6 : 0; }

  /** Why the weights cannot be saved as they are, or null. */
  get weightsProblem(): string | null {
    if (!this.draft || this.total === 100) return null;
    const gap = Math.round((100 - this.total) * 1e6) / 1e6;
    return `Weights must total exactly 100; they total ${this.total}. ${gap > 0 ? `Add ${gap}` : `Take away ${-gap}`} to save.`;
  }

  /** Whether the draft differs from what is saved. */
  get dirty(): boolean {
    if (!this.draft || !this.scoring) return false;
    const t = this.target;
    if (t.kind === "profile") return !t.saved || JSON.stringify(t.saved.weights) !== JSON.stringify(this.draft.weights);
    return JSON.stringify(this.draft) !== JSON.stringify(toDraft(this.scoring.settings));
  }

  async load(clientId: string): Promise<void> {
    this.#clientId = clientId;
    this.#preview.reset();
    await this.#loaded.load(async (signal) => {
      const [scoring, health] = await Promise.all([getSettings(clientId, signal), getSettingsHealth(clientId, signal)]);
      return { scoring, health };
    });
    this.edit(this.target.kind === "profile" ? this.target.name : null);
  }

  retry() { return this.#loaded.retry(); }

  /** Loads the client's settings (null) or a profile (by name; a name not saved yet starts a new one) into the editor. */
  edit(profileName: string | null): void {
    const scoring = this.scoring;
    if (!scoring) return;
    const base = toDraft(scoring.settings);
    const saved = profileName ? scoring.profiles.find((p) => p.name.toLowerCase() === profileName.toLowerCase()) ?? null : null;
    if (profileName) base.weights = { ...(saved?.weights ?? scoring.settings.weights) };
    this.target = profileName ? { kind: "profile", name: saved?.name ?? profileName, saved } : { kind: "client" };
    this.draft = base;
    this.enabled = enabledOf(base.weights);
    this.submission.reset();
    this.#preview.reset();
  }

  setEnabled(signal: SignalName, on: boolean): void {
    if (!this.draft) return;
    this.enabled[signal] = on;
    if (!on) this.draft.weights[signal] = 0;
  }

  /** Asks for a preview a moment after the last change, when the draft can be scored at all. */
  schedulePreview(): void {
    clearTimeout(this.#timer);
    // A refusal was about the values before this change.
    if (!this.submission.pending) this.submission.reset();
    if (!this.draft || !this.#clientId || !this.dirty || this.weightsProblem) {
      this.#preview.reset();
      return;
    }
    const clientId = this.#clientId, body = this.#previewBody();
    this.#timer = setTimeout(() => this.#preview.load((signal) => previewSettings(clientId, body, signal)), 350);
  }

  #previewBody() {
    const draft = $state.snapshot(this.draft)!;
    const t = this.target;
    if (t.kind === "profile") return { profile: this.#profileOf(t, draft) };
    return draft;
  }

  #profileOf(t: Extract<Target, { kind: "profile" }>, draft: Draft): ScoringProfile {
    return { name: t.name, weights: draft.weights, ...(t.saved?.mappings && { mappings: t.saved.mappings }), ...(t.saved?.bands && { bands: t.saved.bands }) };
  }

  /** Saves the draft (refused here first when the shared schema refuses it), then the client is rescored. */
  async save(): Promise<void> {
    const clientId = this.#clientId, draft = this.draft && $state.snapshot(this.draft);
    if (!clientId || !draft) return;
    this.saved = null;
    const t = this.target;
    const checked = t.kind === "profile"
      ? scoringProfileSchema.safeParse(this.#profileOf(t, draft))
      : updateSettingsInput.safeParse(draft);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      this.submission.fail(issue.message, issue.path.join(".") || null);
      return;
    }
    let rescored: { updated: number; scanned: number } | null = null;
    const ok = await this.submission.run(async () => {
      rescored = t.kind === "profile"
        ? (await saveProfile(clientId, this.#profileOf(t, draft))).rescored
        : (await updateSettings(clientId, draft)).rescored;
    });
    if (!ok || !rescored) return;
    const r = rescored as { updated: number; scanned: number };
    this.saved = `Saved. ${r.scanned} customers rescored, ${r.updated} of them changed.`;
    await this.load(clientId);
  }

  /** Renames a saved profile; its customers keep it. */
  async rename(from: string, to: string): Promise<boolean> {
    const clientId = this.#clientId;
    if (!clientId) return false;
    const ok = await this.profiles.run(() => renameProfile(clientId, from, to));
    if (ok) {
      if (this.target.kind === "profile" && this.target.name === from) this.target = { ...this.target, name: to };
      await this.load(clientId);
    }
    return ok;
  }

  /** Deletes a profile; its customers fall back to the client's settings. */
  async remove(name: string): Promise<void> {
    const clientId = this.#clientId;
    if (!clientId) return;
    const ok = await this.profiles.run(() => deleteProfile(clientId, name));
    if (!ok) return;
    if (this.target.kind === "profile" && this.target.name === name) this.target = { kind: "client" };
    await this.load(clientId);
  }

  /** The page is left: no preview fires after it. */
  stop(): void {
    clearTimeout(this.#timer);
  }
}
