// Playbooks (SPEC §8): the plays a customer's alerts call for, each with a priority, talking points and checkable items.
import type { AlertCondition, AlertRule } from "../alerts/rules.ts";
import { describeAlert } from "../alerts/describe.ts";

export const playPriorities = ["critical", "high", "medium", "low"] as const;
export type PlayPriority = (typeof playPriorities)[number];

export type PlayItem = { key: string; label: string };
export type Play = {
  key: string;
  title: string;
  priority: PlayPriority;
  /** The alerts behind the play, in words, with their numbers. */
  why: string[];
  talking_points: string[];
  items: PlayItem[];
};

type PlayDef = Omit<Play, "priority" | "why"> & {
  /** The play's priority when the customer raises these alerts, or null when the play does not apply. */
  when: (raised: Map<AlertRule, AlertCondition>) => PlayPriority | null;
  rules: AlertRule[];
};

const items = (...labels: [string, string][]): PlayItem[] => labels.map(([key, label]) => ({ key, label }));
const atRisk = (raised: Map<AlertRule, AlertCondition>) => raised.get("health")?.severity === "critical";
const renewalNear = (raised: Map<AlertRule, AlertCondition>) => {
  const s = raised.get("renewal")?.severity;
  return s === "critical" || s === "warning";
};

/** Every play, in the order they are listed within one priority. Item keys are stored: renaming one loses its progress. */
export const playDefs: PlayDef[] = [
  {
    key: "save", title: "Save play", rules: ["renewal", "health"],
    when: (r) => (renewalNear(r) && atRisk(r) ? "critical" : null),
    talking_points: [
      "Acknowledge what has not gone well and own the plan to fix it.",
      "Restate the outcomes they bought and show where they stand today.",
      "Agree a short, dated recovery plan before the renewal decision.",
    ],
    items: items(["exec_sponsor", "Loop in an executive sponsor on both sides"], ["recovery_plan", "Send a written recovery plan with dates"],
      ["renewal_terms", "Prepare renewal options (term, price, scope)"], ["decision_call", "Book the renewal decision call"]),
  },
  {
    key: "recovery", title: "Health recovery", rules: ["health", "momentum"],
    when: (r) => (atRisk(r) && !renewalNear(r) ? "high" : r.has("momentum") || r.get("health")?.severity === "warning" ? "medium" : null),
    talking_points: [
      "Ask what changed for them recently: team, priorities, budget.",
      "Walk through the signals that fell and what each would take to recover.",
    ],
    items: items(["review_history", "Review what moved in the score history"], ["champion_call", "Call the champion about the drop"],
      ["action_plan", "Agree two actions that raise the weakest signal"]),
  },
  {
    key: "support_escalation", title: "Support escalation", rules: ["tickets", "low_csat"],
    when: (r) => (r.has("tickets") ? "high" : null),
    talking_points: [
      "Name the open tickets and who owns each one.",
      "Give a date for the resolution of the most painful one.",
    ],
    items: items(["ticket_review", "Review every open ticket with support"], ["escalate", "Escalate the oldest or most severe ticket"],
      ["update_customer", "Send the customer a status update with dates"]),
  },
  {
    key: "adoption", title: "Adoption play", rules: ["low_adoption", "low_logins"],
    when: (r) => (r.has("low_adoption") && r.has("low_logins") ? "high" : r.has("low_adoption") || r.has("low_logins") ? "medium" : null),
    talking_points: [
      "Ask which goals the team uses the product for, and which they do not yet.",
      "Show the two features that would save them the most time.",
    ],
    items: items(["usage_review", "Review usage by user and feature"], ["training", "Run a training session for the main users"],
      ["success_plan", "Agree adoption goals for the next 30 days"]),
  },
  {
    key: "reengage", title: "Re-engagement", rules: ["quiet"],
    when: (r) => (r.has("quiet") ? "medium" : null),
    talking_points: [
      "Reconnect personally; ask whether the right people are still involved.",
      "Offer something useful: a benchmark, a tip, an invitation.",
    ],
    items: items(["check_in", "Send a personal check-in"], ["confirm_contacts", "Confirm the main contacts are still there"],
      ["book_call", "Book a short catch-up call"]),
  },
  {
    key: "relationship", title: "Relationship repair", rules: ["negative_sentiment", "nps_detractor", "low_csat"],
    when: (r) => (r.has("negative_sentiment") || r.has("nps_detractor") || r.has("low_csat") ? "medium" : null),
    talking_points: [
      "Thank them for the honest feedback and ask what would change their mind.",
      "Close the loop on every concern they raised, in writing.",
    ],
    items: items(["listen", "Call to hear the concern first-hand"], ["close_loop", "Reply to their feedback with what you will do"],
      ["log_sentiment", "Log the sentiment after the call"]),
  },
  {
    key: "renewal_prep", title: "Renewal preparation", rules: ["renewal"],
    when: (r) => {
      const s = r.get("renewal")?.severity;
      if (!s || (renewalNear(r) && atRisk(r))) return null;
      return s === "critical" ? "high" : s === "warning" ? "medium" : "low";
    },
    talking_points: [
      "Recap the value delivered since the last renewal, with numbers.",
      "Ask about their plans for next year and who decides.",
    ],
    items: items(["value_summary", "Write the value summary"], ["stakeholders", "Confirm the decision maker and timeline"],
      ["proposal", "Send the renewal proposal"]),
  },
  {
    key: "upsell", title: "Upsell play", rules: ["expansion"],
    when: (r) => (r.has("expansion") ? "low" : null),
    talking_points: [
      "Celebrate their results and ask where else the team could use them.",
      "Introduce the plan or add-on that fits their growth.",
    ],
    items: items(["growth_goals", "Ask about next quarter's growth goals"], ["expansion_offer", "Prepare an expansion offer"],
      ["intro_sales", "Introduce the account executive"]),
  },
];

/** The plays a customer's current alerts call for, most urgent first. */
export function playsFor(conditions: readonly AlertCondition[]): Play[] {
  const raised = new Map(conditions.map((c) => [c.rule, c]));
  return playDefs.flatMap((def) => {
    const priority = def.when(raised);
    if (!priority) return [];
    const why = def.rules.flatMap((rule) => {
      const c = raised.get(rule);
      return c ? [describeAlert(c.rule, c.severity, c.facts).reason] : [];
    });
    const { when: _when, rules: _rules, ...play } = def;
    return [{ ...play, priority, why }];
  }).sort((a, b) => playPriorities.indexOf(a.priority) - playPriorities.indexOf(b.priority));
}

/** The item of a play by key, or null: only items of the plays a customer has can be ticked. */
export function findPlayItem(play: string, item: string): PlayItem | null {
  return playDefs.find((p) => p.key === play)?.items.find((i) => i.key === item) ?? null;
}
