// api-inbound: the public REST API (reference-compatible) and the dashboard's
// API, one registry of actions behind two ways to authenticate (an API key,
// a user's token). Every action runs in one transaction as its caller, so
// row-level security decides access. Each domain declares its actions in
// actions/<domain>.ts; this file only composes them.
import { json } from "../_shared/http.ts";
import { openApiDocument } from "../_shared/openapi.ts";
import { registry } from "../_shared/registry.ts";
import { readApiRequest } from "../_shared/requests.ts";
import { serveActions } from "../_shared/serve-actions.ts";
import { alertRuleActions } from "./actions/alert-rules.ts";
import { alertActions } from "./actions/alerts.ts";
import { analyticsActions } from "./actions/analytics.ts";
import { apiKeyActions } from "./actions/api-keys.ts";
import { auditActions } from "./actions/audit.ts";
import { clientActions } from "./actions/clients.ts";
import { customerBulkActions } from "./actions/customers-bulk.ts";
import { customerRecordActions } from "./actions/customer-record.ts";
import { customerReadActions } from "./actions/customers-read.ts";
import { customerWriteActions } from "./actions/customers-write.ts";
import { homeBaseActions } from "./actions/home-base.ts";
import { hookActions } from "./actions/hooks.ts";
import { backupClient, restoreClient } from "./actions/backup.ts";
import { exportCustomers } from "./actions/export.ts";
import { importActions } from "./actions/import.ts";
import { invitationActions } from "./actions/invitations.ts";
import { peopleActions } from "./actions/people.ts";
import { playbookActions } from "./actions/playbooks.ts";
import { recoveryCaseActions } from "./actions/recovery-cases.ts";
import { performanceActions } from "./actions/performance.ts";
import { reportActions } from "./actions/reports.ts";
import { reportScheduleActions } from "./actions/report-schedules.ts";
import { notificationActions } from "../notifications/registry.ts";
import { scoringActions } from "../scoring/registry.ts";

export const apiInboundActions = registry(
  customerReadActions, customerWriteActions, customerBulkActions, customerRecordActions, homeBaseActions, hookActions, clientActions,
  peopleActions, invitationActions, apiKeyActions, auditActions, alertRuleActions,
  alertActions, recoveryCaseActions, playbookActions, importActions,
  analyticsActions, performanceActions, reportActions, reportScheduleActions,
);

/** The document of every function's actions, served here because integrators start here. */
let document: unknown;
const openApi = () => document ??= openApiDocument([
  { name: "api-inbound", summary: "The REST API and the dashboard's API", actions: apiInboundActions, reads: "query or body" },
  { name: "scoring", summary: "Score preview, settings and profiles, rescoring, decay", actions: scoringActions, reads: "body" },
  { name: "notifications", summary: "The outbox drain", actions: notificationActions, reads: "body" },
]);

export const handler = serveActions({
  name: "api-inbound",
  actions: apiInboundActions,
  read: readApiRequest,
  routes: {
    "/openapi.json": () => json(openApi()),
    "/export.csv": exportCustomers,
    "/backup.json": backupClient,
    "POST /restore": restoreClient,
  },
});

if (import.meta.main) Deno.serve(handler);
