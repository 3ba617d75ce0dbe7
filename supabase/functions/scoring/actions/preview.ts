// The live preview: the engine on given or stored signals, with optional
// draft weights or another profile. Writes nothing.
import { previewAnswer } from "@shared/scoring/answers.ts";
import { previewInput } from "@shared/scoring/inputs.ts";
import { effectiveSettings, npsCategoryOf, scoreSignals, type Signals } from "@shared/index.ts";
import type { z } from "zod";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, signalsOf, type StoredSignals } from "../../_shared/rescore.ts";

async function preview(tx: Tx, clientId: string, p: z.output<typeof previewInput>) {
  const config = await loadScoringConfig(tx, clientId);
  let signals: Signals = {};
  let profileId: string | null = null;
  if (p.customer_id) {
    const [row] = await tx<(StoredSignals & { scoring_profile_id: string | null })[]>`
      select scoring_profile_id, logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category,
             csat::float8 as csat, days_since_contact, contact_baseline_at, growth
      from public.customers where id = ${p.customer_id} and client_id = ${clientId} and deleted_at is null`;
    if (!row) throw new HttpError(404, "not_found", "no customer with this id", "customer_id");
    signals = signalsOf(row, new Date());
    profileId = row.scoring_profile_id;
  }
  for (const [k, v] of Object.entries(p.signals ?? {})) {
    if (k === "nps") {
      signals.nps = typeof v === "number" ? v : null;
      signals.npsCategory = typeof v === "number" ? npsCategoryOf(v) : (v as Signals["npsCategory"]);
    } else (signals as Record<string, unknown>)[k] = v;
  }
  if (p.scoring_profile) {
    const match = [...config.profiles.entries()].find(([, prof]) => prof.name.toLowerCase() === p.scoring_profile!.toLowerCase());
    if (!match) throw new HttpError(400, "invalid_input", `scoring_profile: no profile named "${p.scoring_profile}"`, "scoring_profile");
    profileId = match[0];
  }
  let settings = effectiveSettings(config.settings, profileId ? config.profiles.get(profileId) : null);
  if (p.weights) settings = { ...settings, weights: p.weights };
  const result = scoreSignals(signals, settings, { manualScore: p.score ?? null });
  return { ...result, config_version: config.version };
}

export const previewActions = {
  preview: clientAction({
    summary: "Score given or stored signals with the client's settings (or draft weights, or a profile) without saving",
    write: false, roles: readers,
    input: previewInput, answer: previewAnswer,
    run: ({ tx, clientId, input }) => preview(tx, clientId, input),
  }),
};
