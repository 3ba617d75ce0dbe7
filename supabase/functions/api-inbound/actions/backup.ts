// Backup and restore of one client (SPEC §9), as routes of api-inbound:
//   GET  /functions/v1/api-inbound/backup.json?client_id=…   the client's tables (shared/backup/tables.ts), streamed
//   POST /functions/v1/api-inbound/restore?client_id=…       a backup file as the body; replaces the client's data
// Both run as the caller, so RLS decides what is read and written.
import {
  type BackupFile, backupFile, backupKind, type BackupRow, type BackupTable, backupTables, backupVersion,
} from "@shared/backup/tables.ts";
import { exportFileName } from "@shared/export/columns.ts";
import { asCaller, identify, resolveClient } from "../../_shared/caller.ts";
import type { Tx } from "../../_shared/db.ts";
import { corsHeaders, HttpError, json, parseOr400 } from "../../_shared/http.ts";
import { readBody } from "../../_shared/requests.ts";

const encoder = new TextEncoder();
/** A backup of a large client (its score history above all) is far beyond an action's 1 MB. */
const maxRestoreBytes = 200_000_000;
/** Rows per statement on restore, and per read of a table on backup. */
const chunk = 5000;

/** Each saved row as JSON text written by Postgres, its fields in the table's declared order. */
const rowJson = (t: BackupTable) =>
  `json_build_object(${[...(t.id ? ["id"] : []), ...t.columns].map((c) => `'${c}', t.${c}`).join(", ")})::text`;

async function clientOf(tx: Tx, req: Request, caller: Awaited<ReturnType<typeof identify>>) {
  const params: Record<string, unknown> = Object.fromEntries(new URL(req.url).searchParams);
  const clientId = await resolveClient(tx, caller, params);
  const [client] = await tx`select name from public.clients where id = ${clientId}`;
  return { clientId, name: client.name as string };
}

/**
 * The backup, read in one transaction and streamed table by table as the
 * receiver takes it: a client of 100,000 customers and their history never
 * sits in memory. A refusal (no such client) comes before the first byte.
 */
export async function backupClient(req: Request): Promise<Response> {
  const caller = await identify(req);
  let writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  return await new Promise<Response>((respond, refuse) => {
    asCaller(caller, async (tx) => {
      const { clientId, name } = await clientOf(tx, req, caller);
      const now = new Date();
      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
      writer = writable.getWriter();
      respond(new Response(readable, {
        headers: {
          ...corsHeaders, "content-type": "application/json; charset=utf-8", "cache-control": "no-store",
          "content-disposition": `attachment; filename="${exportFileName(name, "backup", now, "json")}"`,
        },
      }));
      const w = writer;
      await w.write(encoder.encode(`{"kind":"${backupKind}","version":${backupVersion},"created_at":"${now.toISOString()}",` +
        `"client":${JSON.stringify({ name })},"tables":{`));
      for (const [i, t] of backupTables.entries()) {
        await w.write(encoder.encode(`${i ? "," : ""}"${t.name}":[`));
        let first = true;
        await tx`
          select ${tx.unsafe(rowJson(t))} as row from ${tx(`public.${t.name}`)} t
          where t.client_id = ${clientId} ${t.order ? tx`order by ${tx.unsafe(t.order)}` : tx``}`
          .cursor(chunk, async (rows) => {
            await w.write(encoder.encode((first ? "" : ",") + rows.map((r) => r.row).join(",")));
            first = false;
          });
        await w.write(encoder.encode("]"));
      }
      await w.write(encoder.encode("}}"));
      await w.close();
    }).catch((error) => {
      // Before the first byte a refusal is the answer; after it, the download breaks rather than end as a whole file.
      if (writer) writer.abort(error).catch(() => {});
      else refuse(error);
    });
  });
}

/** Only an owner or admin of the client's agency replaces all of its data. */
async function requireAgencyAdmin(tx: Tx, clientId: string) {
  const [{ may }] = await tx`
    select exists (select 1 from public.clients where id = ${clientId} and agency_id = any (private.admin_agency_ids())
                   and ${clientId}::uuid = any (private.editable_client_ids())) as may`;
  if (!may) throw new HttpError(403, "forbidden", "restoring a backup replaces all of a client's data: it takes an owner or admin of the agency", "client_id");
}

/** The rows of one table with new ids and their references pointed at the new ids of the rows they named. */
function remapped(t: BackupTable, rows: BackupRow[], ids: Map<string, Map<string, string>>) {
  const own = new Map<string, string>();
  ids.set(t.name, own);
  return rows.map((row) => {
    const copy: BackupRow = { ...row };
    if (t.id && !t.idBy) {
      const id = crypto.randomUUID();
      own.set(String(row.id), id);
      copy.id = id;
    }
    for (const [column, table] of Object.entries(t.refs ?? {})) {
      if (copy[column] == null) continue;
      const target = ids.get(table)?.get(String(copy[column]));
      if (!target) throw new HttpError(400, "invalid_backup", `tables.${t.name}: ${column} names a ${table} row the backup does not have`, `tables.${t.name}`);
      copy[column] = target;
    }
    return copy;
  });
}

/** Writes one table's rows: the client's one row updated (or added), other rows inserted a chunk at a time. */
async function restoreTable(tx: Tx, clientId: string, t: BackupTable, rows: BackupRow[], ids: Map<string, Map<string, string>>) {
  const table = tx(`public.${t.name}`);
  const cols = t.id && !t.idBy ? ["id", ...t.columns] : [...t.columns];
  if (t.one) {
    if (rows.length > 1) throw new HttpError(400, "invalid_backup", `tables.${t.name} holds one row per client`, `tables.${t.name}`);
    if (rows.length === 0) return 0;
    const set = t.columns.map((c) => `${c} = r.${c}`).join(", ");
    const updated = await tx`
      update ${table} s set ${tx.unsafe(set)} from jsonb_populate_record(null::${table}, ${tx.json(rows[0] as never)}) r
      where s.client_id = ${clientId} returning s.client_id`;
    if (updated.length === 0) {
      await tx`insert into ${table} (client_id, ${tx.unsafe(t.columns.join(", "))})
               select ${clientId}, ${tx.unsafe(t.columns.map((c) => `r.${c}`).join(", "))}
               from jsonb_populate_record(null::${table}, ${tx.json(rows[0] as never)}) r`;
    }
    return 1;
  }
  const ready = remapped(t, rows, ids);
  const stamped = Object.entries(t.restoredAs ?? {});
  const names = [...cols, ...stamped.map(([c]) => c)].join(", ");
  const values = [...cols.map((c) => `r.${c}`), ...stamped.map(([, sql]) => sql)].join(", ");
  for (let at = 0; at < ready.length; at += chunk) {
    await tx`
      insert into ${table} (client_id, ${tx.unsafe(names)})
      select ${clientId}, ${tx.unsafe(values)}
      from jsonb_populate_recordset(null::${table}, ${tx.json(ready.slice(at, at + chunk) as never)}) r`;
  }
  if (t.idBy) {
    // The database chose the ids: match them back to the saved rows by their unique column.
    const made = await tx`select id, ${tx(t.idBy)} as key from ${table} where client_id = ${clientId}`;
    const byKey = new Map(made.map((r) => [String(r.key).toLowerCase(), r.id as string]));
    ids.set(t.name, new Map(rows.map((r) => [String(r.id), byKey.get(String(r[t.idBy!]).toLowerCase())!])));
  }
  return ready.length;
}

/**
 * Replaces the client's data with the backup's, in one transaction: its live
 * customers are soft-deleted (recoverable, as a delete is), its profiles,
 * hook subscriptions, alert rules and report schedules removed, then every table of the file written in order.
 * Any refusal — another kind or version, a damaged file, a row the database
 * refuses — rolls all of it back and answers 4xx naming what was wrong.
 * Notes and sentiment entries are signed by whoever restores them (the
 * author trigger never takes an author from input), and report schedules
 * are theirs (restoredAs).
 */
async function restore(tx: Tx, clientId: string, file: BackupFile) {
  await requireAgencyAdmin(tx, clientId);
  await tx`update public.customers set deleted_at = now() where client_id = ${clientId} and deleted_at is null`;
  await tx`delete from public.webhook_subscriptions where client_id = ${clientId}`;
  await tx`delete from public.scoring_profiles where client_id = ${clientId}`;
  await tx`delete from public.alert_rules where client_id = ${clientId}`;
  await tx`delete from public.report_schedules where client_id = ${clientId}`;
  const ids = new Map<string, Map<string, string>>();
  const restored: Record<string, number> = {};
  for (const t of backupTables) {
    try {
      restored[t.name] = await restoreTable(tx, clientId, t, file.tables[t.name], ids);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      const e = error as { code?: string; message?: string };
      if (!e.code) throw error;
      // A row the database refuses (a broken value, a missing column): the whole restore is rolled back.
      throw new HttpError(400, "invalid_backup", `tables.${t.name}: a row is refused (${e.message}); nothing was restored`, `tables.${t.name}`);
    }
  }
  return { restored };
}

export async function restoreClient(req: Request): Promise<Response> {
  const caller = await identify(req);
  if (caller.kind !== "user") throw new HttpError(403, "forbidden", "restoring a backup is for dashboard users", "client_id");
  const text = await readBody(req, maxRestoreBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_backup", "the file is not a backup: it is not valid JSON (is it damaged or cut short?)", "file");
  }
  const file = parseOr400(backupFile, parsed);
  const answer = await asCaller(caller, async (tx) => {
    const { clientId } = await clientOf(tx, req, caller);
    return await restore(tx, clientId, file);
  });
  return json(answer);
}
