// A customer's raw signals (SPEC §3) and how each maps onto 0–100.
import { z } from "zod";
import type { Mappings, SignalName } from "./settings.ts";

export const npsCategoryNames = ["promoter", "passive", "detractor"] as const;
export type NpsCategory = (typeof npsCategoryNames)[number];
export const growthNames = ["none", "mild", "strong"] as const;
export type Growth = (typeof growthNames)[number];

/** Every signal may be absent (undefined) or cleared (null); absent signals are left out of the score. */
export const signalsSchema = z.object({
  logins: z.number().int().min(0).nullable().optional(),
  adoption: z.number().min(0).max(100).nullable().optional(),
  tickets: z.number().int().min(0).nullable().optional(),
  nps: z.number().min(0).max(10).nullable().optional(),
  npsCategory: z.enum(npsCategoryNames).nullable().optional(),
  csat: z.number().min(1).max(5).nullable().optional(),
  days: z.number().min(0).nullable().optional(),
  growth: z.enum(growthNames).nullable().optional(),
});
export type Signals = z.infer<typeof signalsSchema>;

/** The raw value behind a signal: for nps the number wins, the category stands in when it is missing. */
export function rawSignal(name: SignalName, signals: Signals): number | string | null {
  if (name === "nps") return signals.nps ?? signals.npsCategory ?? null;
  return signals[name] ?? null;
}

/** NPS convention: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export function npsCategoryOf(nps: number): NpsCategory {
  if (nps >= 9) return "promoter";
  if (nps >= 7) return "passive";
  return "detractor";
}

const clamp = (n: number) => Math.min(100, Math.max(0, n));

/** A signal on the 0–100 scale, or null when the customer has no value for it. */
export function mapSignal(name: SignalName, signals: Signals, mappings: Mappings): number | null {
  switch (name) {
    case "logins": {
      const v = signals.logins;
      return v == null ? null : clamp((v / mappings.loginsMax) * 100);
    }
    case "adoption": {
      const v = signals.adoption;
      return v == null ? null : clamp(v);
    }
    case "tickets": {
      const v = signals.tickets;
      return v == null ? null : clamp((1 - v / mappings.ticketsZeroAt) * 100);
    }
    case "days": {
      const v = signals.days;
      return v == null ? null : clamp((1 - v / mappings.daysZeroAt) * 100);
    }
    case "csat": {
      const v = signals.csat;
      return v == null ? null : clamp(((v - mappings.csatMin) / (mappings.csatMax - mappings.csatMin)) * 100);
    }
    case "nps": {
      const category = signals.nps != null ? npsCategoryOf(signals.nps) : signals.npsCategory;
      if (category == null) return null;
      const byCategory = { promoter: mappings.npsPromoter, passive: mappings.npsPassive, detractor: mappings.npsDetractor };
      return clamp(byCategory[category]);
    }
    case "growth": {
      const v = signals.growth;
      return v == null ? null : clamp(mappings.growth[v]);
    }
  }
}
