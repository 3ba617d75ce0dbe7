// A report as a document of sections — figures, tables, bars, a line, text —
// that the server renders as a PDF and as CSV, and the dashboard previews.
// One shape, so the file a user downloads and the file a schedule e-mails
// carry the same figures.
import { z } from "zod";
import { bandNames } from "../scoring/bands.ts";

const band = z.enum(bandNames).nullable();
const cell = z.union([z.string(), z.number(), z.null()]);

export const sectionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("figures"), title: z.string(), items: z.array(z.strictObject({ label: z.string(), value: z.string() })) }),
  z.strictObject({
    kind: z.literal("table"), title: z.string(),
    columns: z.array(z.strictObject({ key: z.string(), label: z.string(), numeric: z.boolean() })),
    /** Each row's cells by column key; `band` colours the row's band cell (the column named "band"). */
    rows: z.array(z.strictObject({ cells: z.record(z.string(), cell), band })),
    empty: z.string(),
  }),
  z.strictObject({ kind: z.literal("bars"), title: z.string(), bars: z.array(z.strictObject({ label: z.string(), value: z.number(), text: z.string(), band })) }),
  z.strictObject({
    kind: z.literal("line"), title: z.string(), points: z.array(z.strictObject({ day: z.string(), value: z.number().nullable() })),
    markers: z.array(z.strictObject({ day: z.string(), label: z.string() })),
  }),
  z.strictObject({ kind: z.literal("text"), title: z.string(), lines: z.array(z.string()) }),
]);
export type Section = z.infer<typeof sectionSchema>;
export type TableSection = Extract<Section, { kind: "table" }>;

export const reportDocumentSchema = z.strictObject({
  report: z.string(), title: z.string(), agency: z.string(), client: z.string(),
  /** When the figures were taken (ISO instant) and the day they are of. */
  generated_at: z.string(), day: z.string(),
  sections: z.array(sectionSchema),
});
export type ReportDocument = z.infer<typeof reportDocumentSchema>;

/** A table from rows of plain objects; `bandOf` names each row's band. */
export function table<T extends Record<string, string | number | null>>(
  title: string, columns: [key: keyof T & string, label: string, numeric?: boolean][], rows: T[],
  empty: string, bandOf: (row: T) => z.infer<typeof band> = () => null,
): TableSection {
  return {
    kind: "table", title, empty,
    columns: columns.map(([key, label, numeric = false]) => ({ key, label, numeric })),
    rows: rows.map((r) => ({ cells: Object.fromEntries(columns.map(([k]) => [k, r[k] ?? null])), band: bandOf(r) })),
  };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * The CSV of a report: each table in turn (its title on a line of its own,
 * then its header and rows), tables apart by a blank line; figures as
 * label,value rows. RFC 4180 quoting, CRLF line ends.
 */
export function toCsv(doc: ReportDocument): string {
  const blocks: string[][] = [];
  for (const s of doc.sections) {
    if (s.kind === "table") {
      blocks.push([csvCell(s.title), s.columns.map((c) => csvCell(c.label)).join(","),
        ...s.rows.map((r) => s.columns.map((c) => csvCell(r.cells[c.key] ?? null)).join(","))]);
    } else if (s.kind === "figures") {
      blocks.push([csvCell(s.title), ...s.items.map((i) => `${csvCell(i.label)},${csvCell(i.value)}`)]);
    }
  }
  return `${[[csvCell(doc.title), csvCell(`${doc.agency} · ${doc.client}`), doc.day].join(","), ...blocks.map((b) => b.join("\r\n"))].join("\r\n\r\n")}\r\n`;
}
