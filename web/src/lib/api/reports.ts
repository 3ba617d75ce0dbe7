// Reports: a report's document for the preview, its PDF or CSV file, and the client's scheduled reports.
import { reportDocumentSchema } from "@shared/reports/document.ts";
import type { ReportName } from "@shared/reports/inputs.ts";
import {
  deleteReportScheduleAnswer, listReportSchedulesAnswer, runReportScheduleAnswer, saveReportScheduleAnswer, type SaveReportScheduleInput,
} from "@shared/reports/schedules.ts";
import { download, request, send } from "./client.ts";

export const previewReport = (clientId: string, report: ReportName, customerId: string | undefined, signal?: AbortSignal) =>
  request("get_report", { client_id: clientId, report, format: "json", customer_id: customerId }, reportDocumentSchema, signal);

export const downloadReport = (clientId: string, report: ReportName, format: "pdf" | "csv", customerId: string | undefined) =>
  download("get_report", { client_id: clientId, report, format, customer_id: customerId });

// Scheduled reports of a client.
export const listReportSchedules = (clientId: string, signal?: AbortSignal) =>
  request("list_report_schedules", { client_id: clientId }, listReportSchedulesAnswer, signal);
export const saveReportSchedule = (clientId: string, schedule: SaveReportScheduleInput) =>
  send("save_report_schedule", { client_id: clientId, ...schedule }, saveReportScheduleAnswer);
export const deleteReportSchedule = (clientId: string, id: string) =>
  send("delete_report_schedule", { client_id: clientId, id }, deleteReportScheduleAnswer);
export const runReportSchedule = (clientId: string, id: string) =>
  send("run_report_schedule", { client_id: clientId, id }, runReportScheduleAnswer);
