// Alerts, recovery cases, playbooks and QBR prep, answered in the shared shapes. Every call names the client.
import {
  alertFatigueAnswer, alertStateChangeAnswer, closeRecoveryCaseAnswer, listAlertsAnswer, listRecoveryCasesAnswer,
} from "@shared/alerts/answers.ts";
import type { RecoveryOutcome } from "@shared/alerts/inputs.ts";
import { playbookAnswer, qbrAnswer, setPlayItemAnswer } from "@shared/playbooks/answers.ts";
import { request, send, type Params } from "./client.ts";

export const listAlerts = (params: Params & { client_id: string }, signal?: AbortSignal) =>
  request("list_alerts", params, listAlertsAnswer, signal);
export const snoozeAlerts = (clientId: string, ids: string[], days: number, reason: string) =>
  send("snooze_alerts", { client_id: clientId, ids, days, reason }, alertStateChangeAnswer);
export const dismissAlerts = (clientId: string, ids: string[], reason: string) =>
  send("dismiss_alerts", { client_id: clientId, ids, reason }, alertStateChangeAnswer);
export const wakeAlerts = (clientId: string, ids: string[]) => send("wake_alerts", { client_id: clientId, ids }, alertStateChangeAnswer);
export const alertFatigue = (clientId: string, signal?: AbortSignal) =>
  request("alert_fatigue", { client_id: clientId }, alertFatigueAnswer, signal);

export const listRecoveryCases = (params: Params & { client_id: string }, signal?: AbortSignal) =>
  request("list_recovery_cases", params, listRecoveryCasesAnswer, signal);
export const closeRecoveryCase = (clientId: string, id: string, outcome: RecoveryOutcome, note: string) =>
  send("close_recovery_case", { client_id: clientId, id, outcome, note }, closeRecoveryCaseAnswer);

type Scope = { client_id: string; customer_id: string };
export const getPlaybook = (scope: Scope, signal?: AbortSignal) => request("get_playbook", scope, playbookAnswer, signal);
export const setPlayItem = (scope: Scope, play: string, item: string, done: boolean) =>
  send("set_play_item", { ...scope, play, item, done }, setPlayItemAnswer);
export const getQbr = (scope: Scope, signal?: AbortSignal) => request("get_qbr", scope, qbrAnswer, signal);
