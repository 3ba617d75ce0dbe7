// CSV export (SPEC §9): GET /functions/v1/api-inbound/export.csv?kind=list|bulksheet
// with list_customers' filters. The file is streamed: each page of 5,000
// customers is read in a transaction of its own (as the caller, so RLS
// decides) when the receiver asks for more, so 100,000 rows never sit in
// memory and no transaction stays open while a slow client downloads.
import { csvWriter, exportFileName, type ExportKind, exportKinds, type ExportRow } from "@shared/export/columns.ts";
import { listCustomersQuery } from "@shared/customers/inputs.ts";
import { z } from "zod";
import { asCaller, identify, resolveClient } from "../../_shared/caller.ts";
import { corsHeaders, parseOr400 } from "../../_shared/http.ts";
import { loadScoringConfig } from "../../_shared/rescore.ts";
import { effectiveDaysSql } from "../customer-json.ts";
import { listWhere } from "./customers-read.ts";

const pageSize = 5000;

/** Which file; the rest of the query is list_customers' filters (its paging and sort are ignored: every row, by name). */
const exportKind = z.enum(Object.keys(exportKinds) as [ExportKind, ...ExportKind[]], { error: "kind must be list or bulksheet" }).default("list");

const rowColumns = `
  c.id, c.name, c.name_key, c.manager, c.tier, c.lifecycle, c.status, c.score::float8 as score, c.previous_score::float8 as previous_score,
  c.score_manual, c.score_missing as missing_signals, c.mrr::float8 as mrr, c.arr::float8 as arr,
  c.renewal_date::text as renewal_date, c.next_touch::text as next_touch, c.customer_since::text as since,
  c.logins, c.adoption::float8 as adoption, c.tickets, c.nps::float8 as nps, c.nps_category, c.csat::float8 as csat,
  ${effectiveDaysSql} as days, c.growth, c.sentiment, c.note, c.tags,
  (select p.name from public.scoring_profiles p where p.id = c.scoring_profile_id) as scoring_profile,
  private.iso_instant(c.scored_at) as scored_at, private.iso_instant(c.updated_at) as updated_at`;

const encoder = new TextEncoder();

export async function exportCustomers(req: Request): Promise<Response> {
  const caller = await identify(req);
  const params: Record<string, unknown> = Object.fromEntries(new URL(req.url).searchParams);
  // Checked before the first byte: a bad filter or client is a 4xx, not a broken file.
  const { clientId, clientName, settings } = await asCaller(caller, async (tx) => {
    const clientId = await resolveClient(tx, caller, params);
    const [client] = await tx`select name from public.clients where id = ${clientId}`;
    return { clientId, clientName: client.name as string, settings: (await loadScoringConfig(tx, clientId)).settings };
  });
  const { kind: kindParam, ...filters } = params;
  const kind = parseOr400(exportKind, kindParam, ["kind"]);
  const q = parseOr400(listCustomersQuery, filters);
  const now = new Date();
  const csv = csvWriter(kind, settings, now);
  let after: { key: string; id: string } | null = null;
  let done = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csv.header));
    },
    async pull(controller) {
      if (done) return controller.close();
      const rows = await asCaller(caller, (tx) => tx<(ExportRow & { name_key: string })[]>`
        select ${tx.unsafe(rowColumns)} from public.customers c
        ${listWhere(tx, clientId, q)}
        ${after ? tx`and (c.name_key, c.id) > (${after.key}, ${after.id}::uuid)` : tx``}
        order by c.name_key, c.id
        limit ${pageSize}`);
      controller.enqueue(encoder.encode(rows.map(csv.line).join("")));
      const last = rows.at(-1);
      if (rows.length < pageSize || !last) done = true;
      else after = { key: last.name_key, id: last.id };
    },
  }, { highWaterMark: 1 });
  const file = exportFileName(clientName, kind === "list" ? "customers" : "bulksheet", now, "csv");
  return new Response(body, {
    headers: {
      ...corsHeaders,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-store",
    },
  });
}
