// Reports: a report's document for the preview, and its PDF or CSV file.
import { reportDocumentSchema } from "@shared/reports/document.ts";
import type { ReportName } from "@shared/reports/inputs.ts";
import { download, request } from "./client.ts";

export const previewReport = (clientId: string, report: ReportName, customerId: string | undefined, signal?: AbortSignal) =>
  request("get_report", { client_id: clientId, report, format: "json", customer_id: customerId }, reportDocumentSchema, signal);

export const downloadReport = (clientId: string, report: ReportName, format: "pdf" | "csv", customerId: string | undefined) =>
  download("get_report", { client_id: clientId, report, format, customer_id: customerId });
