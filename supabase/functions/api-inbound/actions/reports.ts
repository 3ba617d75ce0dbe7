// get_report (SPEC §10): one of the ten reports of a client as a PDF (rendered
// here, so the file downloaded is the file a schedule e-mails), as CSV, or as
// its document (json) for the dashboard's preview.
import { reportDocumentSchema, toCsv } from "@shared/reports/document.ts";
import { getReportInput } from "@shared/reports/inputs.ts";
import { z } from "zod";
import { FileBody } from "../../_shared/file-body.ts";
import { clientAction, readers } from "../../_shared/registry.ts";
import { buildReport } from "../../_shared/reports/build.ts";
import { renderPdf } from "../../_shared/reports/pdf.ts";

const utf8 = new TextEncoder();

export const reportActions = {
  get_report: clientAction({
    summary: "A report (portfolio_summary, at_risk, renewal_forecast, csm_performance, segment_analysis, trend_90d, churn_risk, customer_health, score_history, weekly_digest) as a PDF file, a CSV file, or its document as JSON",
    access: "user", write: false, roles: readers,
    input: getReportInput,
    // A file for pdf and csv (application/pdf, text/csv with a filename); the document for json.
    answer: z.union([reportDocumentSchema, z.string().describe("the PDF or CSV file")]),
    async run({ tx, caller, clientId, input }) {
      const doc = await buildReport({ tx, caller, clientId, customerId: input.customer_id }, input.report);
      const name = `${input.report}-${doc.day}`;
      if (input.format === "json") return doc;
      if (input.format === "csv") return new FileBody(utf8.encode(toCsv(doc)), "text/csv; charset=utf-8", `${name}.csv`);
      return new FileBody(await renderPdf(doc), "application/pdf", `${name}.pdf`);
    },
  }),
};
