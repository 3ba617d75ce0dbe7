// Alert rules, the event log and the webhook secret, answered in the shared notification shapes. Every call names the client.
import {
  deleteAlertRuleAnswer, listAlertRulesAnswer, listDeliveriesAnswer, saveAlertRuleAnswer, testAlertRuleAnswer, webhookSecretAnswer,
} from "@shared/notifications/rules.ts";
import { request, send } from "./client.ts";

export const listAlertRules = (clientId: string, signal?: AbortSignal) =>
  request("list_alert_rules", { client_id: clientId }, listAlertRulesAnswer, signal);
export const saveAlertRule = (clientId: string, rule: Record<string, unknown>) =>
  send("save_alert_rule", { client_id: clientId, ...rule }, saveAlertRuleAnswer);
export const deleteAlertRule = (clientId: string, id: string) => send("delete_alert_rule", { client_id: clientId, id }, deleteAlertRuleAnswer);
export const testAlertRule = (clientId: string, id: string) => send("test_alert_rule", { client_id: clientId, id }, testAlertRuleAnswer);

export const listDeliveries = (query: { client_id: string; rule_id?: string; before?: number }, signal?: AbortSignal) =>
  request("list_deliveries", query, listDeliveriesAnswer, signal);

export const getWebhookSecret = (clientId: string, signal?: AbortSignal) =>
  request("get_webhook_secret", { client_id: clientId }, webhookSecretAnswer, signal);
export const rotateWebhookSecret = (clientId: string) => send("rotate_webhook_secret", { client_id: clientId }, webhookSecretAnswer);
