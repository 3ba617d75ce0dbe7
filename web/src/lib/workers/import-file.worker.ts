// The import page's worker: papaparse streams the chosen file here, and the
// rules of shared/import match, clean and merge its rows, so a file of
// 100,000 rows never holds the page's main thread. The worker keeps the
// rows; the page asks for what it shows and sends (a batch at a time).
import Papa from "papaparse";
import { type ColumnMapping, headerKey, type ImportField, matchHeaders } from "@shared/import/columns.ts";
import { csvConfig, headerCells, isBlankRow } from "@shared/import/read.ts";
import { cleanRow, mergeRepeats, type ReadyRow, type RowError } from "@shared/import/values.ts";
import { csvLine } from "@shared/export/columns.ts";
import type { FromWorker, RowRefusal, ToWorker } from "./import-protocol.ts";

let file: File | null = null;
let headers: string[] = [];
/** The rows read, by row number (the header is row 1): cells for the refused-rows file. */
let cells = new Map<number, string[]>();
let ready: ReadyRow[] = [];
let refused: RowRefusal[] = [];
/** Where the next batch starts: batches are handed out in order, never twice. */
let cursor = 0;

const post = (message: FromWorker) => postMessage(message);

/** Streams the file, calling `row` with each non-blank data row and its number. */
function stream(f: File, row: (cells: string[], number: number) => void, progress: (bytes: number) => void): Promise<void> {
  let number = 0;
  return new Promise((resolve, reject) => {
    Papa.parse<string[]>(f, {
      ...csvConfig,
      chunkSize: 1 << 20,
      chunk: (results) => {
        for (const r of results.data) {
          number += 1;
          if (number === 1) headers = headerCells(r);
          else if (!isBlankRow(r)) row(r, number);
        }
        progress(results.meta.cursor);
      },
      complete: () => resolve(),
      error: (e) => reject(e),
    });
  });
}

/** Reads the header row and a few rows for the mapping step. */
function open(f: File, remembered: Record<string, ImportField | null>) {
  file = f;
  const sample: string[][] = [];
  Papa.parse<string[]>(f, {
    ...csvConfig,
    preview: 40,
    complete: (results) => {
      const rows = results.data.filter((r) => !isBlankRow(r));
      if (rows.length === 0) return post({ type: "failed", message: "This file is empty: it needs a header row and at least one row of customers." });
      headers = headerCells(rows[0]);
      sample.push(...rows.slice(1, 6));
      post({ type: "opened", headers, keys: headers.map(headerKey), mapping: matchHeaders(headers, remembered), sample });
    },
    error: (e) => post({ type: "failed", message: `This file could not be read: ${e.message}` }),
  });
}

/** Cleans every row with the chosen mapping: the valid ones merged by customer, the refused ones with their reasons. */
async function check(mapping: ColumnMapping, today: string) {
  if (!file) return;
  const valid: ReadyRow[] = [];
  cells = new Map();
  refused = [];
  let lastPost = 0;
  await stream(file, (row, number) => {
    cells.set(number, row);
    const result = cleanRow(row, mapping, today);
    if (result.ok) valid.push({ lines: [number], account: result.account, date: result.snapshot?.date });
    else refused.push({ line: number, errors: result.errors });
  }, (bytes) => {
    const now = Date.now();
    if (now - lastPost > 100) {
      lastPost = now;
      post({ type: "progress", fraction: file ? bytes / file.size : 0 });
    }
  });
  ready = mergeRepeats(valid);
  cursor = 0;
  post({
    type: "checked", rows: valid.length + refused.length, ready: ready.length, merged: valid.length - ready.length,
    refused: refused.slice(0, 200), refusedCount: refused.length,
    preview: ready.slice(0, 20).map((r) => ({ line: r.lines[0], account: r.account })),
  });
}

/** A request's body is at most 1 MB (api-inbound's limit): a batch of long notes holds fewer rows. */
const batchBytes = 800_000;
const utf8 = new TextEncoder();

/** The rows of the batch that starts at `from`: at most `size`, and fewer when their JSON outgrows batchBytes. */
function batchFrom(from: number, size: number) {
  const accounts: (ReadyRow["account"] & { date?: string })[] = [];
  const lines: number[][] = [];
  let bytes = 0;
  for (const row of ready.slice(from, from + size)) {
    bytes += utf8.encode(JSON.stringify(row.account)).length;
    if (accounts.length > 0 && bytes > batchBytes) break;
    // A backfill snapshot travels as backfill_history takes it: the account's fields and its date.
    accounts.push(row.date ? { ...row.account, date: row.date } : row.account);
    lines.push(row.lines);
  }
  return { accounts, lines };
}

/** The refused rows as a CSV: the file's own columns, then the row number and the reasons. */
function refusedFile(serverRefused: RowRefusal[]) {
  const all = [...refused, ...serverRefused].sort((a, b) => a.line - b.line);
  const reasons = (errors: RowError[]) => errors.map((e) => `${e.field}: ${e.message}`).join("; ");
  const text = csvLine([...headers, "row", "reasons"]) +
    all.map((r) => {
      const row = cells.get(r.line) ?? [];
      return csvLine([...headers.map((_, i) => row[i] ?? ""), r.line, reasons(r.errors)]);
    }).join("");
  post({ type: "refusedFile", text });
}

onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  if (m.type === "open") open(m.file, m.remembered);
  else if (m.type === "check") check(m.mapping, m.today).catch((e) => post({ type: "failed", message: `This file could not be read: ${e}` }));
  else if (m.type === "batch") {
    if (m.restart) cursor = 0;
    const batch = batchFrom(cursor, m.size);
    cursor += batch.accounts.length;
    post({ type: "batch", ...batch });
  }
  else if (m.type === "refusedFile") refusedFile(m.serverRefused);
};
