// QBR prep (SPEC §8): a meeting document written from a customer's status, signals, alerts, history and notes.
import { describeAlert, severityLabels } from "../alerts/describe.ts";
import type { AlertCondition, AlertSeverity } from "../alerts/rules.ts";
import { bandLabels, type Band } from "../scoring/bands.ts";
import { momentum } from "../derived/momentum.ts";
import { daysUntil } from "../common/dates.ts";

export type QbrCustomer = {
  name: string; manager: string | null; tier: string | null; mrr: number | null; lifecycle: string;
  score: number | null; status: Band | null; renewalDate: string | null; customerSince: string | null;
  logins: number | null; adoption: number | null; tickets: number | null; nps: number | null; csat: number | null;
  growth: string | null; sentiment: string | null;
};

export type QbrInput = {
  customer: QbrCustomer;
  conditions: readonly AlertCondition[];
  /** Scores of the last 90 days, oldest first. */
  scores: readonly number[];
  /** The latest notes, newest first. */
  notes: readonly { body: string; created_at: string }[];
  now: Date;
};

export type Qbr = {
  title: string;
  summary: string;
  wins: string[];
  risks: { severity: AlertSeverity; text: string }[];
  agenda: { topic: string; minutes: number }[];
  questions: string[];
  context: string[];
};

const tierLabels: Record<string, string> = { smb: "SMB", mid: "Mid-Market", enterprise: "Enterprise" };
const money = (n: number) => `$${Math.round(n).toLocaleString("en-US")}`;

function summaryOf({ customer: c, scores, now }: QbrInput): string {
  const parts: string[] = [];
  if (c.score === null || c.status === null) parts.push(`${c.name} has no health score yet.`);
  else {
    const trend = momentum(scores.length > 1 ? [...scores] : [c.score]);
    const moved = trend.trend === "steady" ? "steady over the last 90 days"
      : `${trend.trend} by ${Math.abs(Math.round(trend.delta))} points over the last 90 days`;
    parts.push(`${c.name} is ${bandLabels[c.status]} at ${Math.round(c.score)}/100, ${moved}.`);
  }
  const account = [c.tier ? `${tierLabels[c.tier] ?? c.tier} account` : "Account", c.mrr !== null ? `at ${money(c.mrr)} MRR` : null,
    c.customerSince ? `since ${c.customerSince}` : null].filter(Boolean).join(" ");
  parts.push(`${account}${c.manager ? `, managed by ${c.manager}` : ""}.`);
  const days = daysUntil(c.renewalDate, now);
  if (days !== null) parts.push(days >= 0 ? `Renews on ${c.renewalDate} (in ${days} days).` : `The renewal date ${c.renewalDate} has passed.`);
  return parts.join(" ");
}

function winsOf({ customer: c, scores }: QbrInput): string[] {
  const wins: string[] = [];
  if (c.logins !== null && c.logins >= 20) wins.push(`Strong engagement: ${c.logins} logins in the last 30 days.`);
  if (c.adoption !== null && c.adoption >= 60) wins.push(`High feature adoption at ${c.adoption}%.`);
  if (c.tickets === 0) wins.push("No open support tickets.");
  if (c.nps !== null && c.nps >= 9) wins.push(`Promoter with an NPS of ${c.nps}.`);
  if (c.csat !== null && c.csat >= 4) wins.push(`Satisfied: CSAT ${c.csat} of 5.`);
  if (c.growth === "strong") wins.push("Strong growth signal.");
  if (c.sentiment === "positive") wins.push("The latest sentiment logged is positive.");
  const trend = momentum([...scores]);
  if (trend.trend === "improving") wins.push(`Health improved by ${Math.round(trend.delta)} points over the last 90 days.`);
  return wins;
}

function agendaOf({ conditions: raised }: QbrInput) {
  const has = (...rules: string[]) => raised.some((c) => rules.includes(c.rule));
  return [
    { topic: "Welcome and objectives", minutes: 5 },
    { topic: "Results and value delivered", minutes: 10 },
    { topic: "Usage and adoption", minutes: has("low_logins", "low_adoption") ? 15 : 10 },
    ...(has("tickets", "low_csat") ? [{ topic: "Support review", minutes: 10 }] : []),
    ...(has("health", "momentum", "negative_sentiment", "nps_detractor") ? [{ topic: "Concerns and recovery plan", minutes: 10 }] : []),
    ...(has("renewal") ? [{ topic: "Renewal and commercials", minutes: 10 }] : []),
    ...(has("expansion") ? [{ topic: "Growth and expansion", minutes: 10 }] : []),
    { topic: "Roadmap and next steps", minutes: 5 },
  ];
}

function questionsOf({ conditions: raised }: QbrInput): string[] {
  const has = (...rules: string[]) => raised.some((c) => rules.includes(c.rule));
  return [
    "What are your team's top priorities for the next quarter?",
    ...(has("low_logins", "low_adoption") ? ["Which workflows does your team still do outside the product, and why?"] : []),
    ...(has("tickets", "low_csat") ? ["Which support issue costs your team the most today?"] : []),
    ...(has("negative_sentiment", "nps_detractor") ? ["What would we need to change for you to recommend us?"] : []),
    ...(has("quiet") ? ["Who on your side should we be talking to now?"] : []),
    ...(has("renewal") ? ["Who is involved in the renewal decision, and what do they need to see?"] : []),
    ...(has("expansion") ? ["Which other teams could benefit from what this team has achieved?"] : []),
    "How would you measure success with us a year from now?",
  ];
}

export function buildQbr(input: QbrInput): Qbr {
  const severityOrder: AlertSeverity[] = ["critical", "warning", "attention"];
  return {
    title: `Quarterly business review: ${input.customer.name}`,
    summary: summaryOf(input),
    wins: winsOf(input),
    risks: input.conditions.filter((c) => c.severity !== "opportunity")
      .sort((a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity))
      .map((c) => {
        const words = describeAlert(c.rule, c.severity, c.facts);
        return { severity: c.severity, text: `${words.title}: ${words.reason}` };
      }),
    agenda: agendaOf(input),
    questions: questionsOf(input),
    context: input.notes.slice(0, 5).map((n) => `${n.created_at.slice(0, 10)}: ${n.body}`),
  };
}

/** The document as plain text, for the clipboard. */
export function qbrText(q: Qbr): string {
  const list = (xs: string[], empty: string) => (xs.length ? xs.map((x) => `- ${x}`) : [`- ${empty}`]);
  const total = q.agenda.reduce((sum, a) => sum + a.minutes, 0);
  return [
    q.title, "", "Executive summary", q.summary, "",
    "Wins and highlights", ...list(q.wins, "None recorded yet."), "",
    "Risks and concerns", ...list(q.risks.map((r) => `[${severityLabels[r.severity]}] ${r.text}`), "No open risks."), "",
    `Suggested agenda (${total} min)`, ...q.agenda.map((a) => `- ${a.topic} (${a.minutes} min)`), "",
    "Questions to ask", ...list(q.questions, "—"), "",
    "Meeting context", ...list(q.context, "No notes yet."),
  ].join("\n");
}
