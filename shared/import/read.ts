// Reading a CSV file's rows: papaparse with one configuration, shared by the
// dashboard's worker (which streams a File) and tests (which read text).
import Papa from "papaparse";

/**
 * Rows as arrays of cells, blank ones kept so rows keep their numbers (the
 * readers skip them with isBlankRow). Comma-separated, never guessed:
 * papaparse's guess took `;` for a file whose reasons column had semicolons.
 */
export const csvConfig = { header: false, skipEmptyLines: false, delimiter: "," } as const;

/** Whether a row has no cell with anything in it: a blank line, or one of separators and spaces. */
export const isBlankRow = (cells: readonly string[]) => cells.every((c) => c.trim() === "");

/** The header row's cells, trimmed, without a byte-order mark a chunked reader may have left on the first. */
export const headerCells = (row: readonly string[]) => row.map((c, i) => (i === 0 ? c.replace(/^\ufeff/, "") : c).trim());

/** A whole CSV text → its rows (the byte-order mark is dropped by papaparse). */
export function readCsvText(text: string): string[][] {
  const result = Papa.parse<string[]>(text, csvConfig);
  return result.data.filter((row) => !isBlankRow(row));
}
