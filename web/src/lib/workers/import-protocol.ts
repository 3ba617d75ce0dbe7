// The messages between the import page and its worker (import-file.worker.ts).
import type { ColumnMapping, ImportField } from "@shared/import/columns.ts";
import type { ReadyRow, RowError } from "@shared/import/values.ts";

/** A refused row by its number in the file (the header is row 1). */
export type RowRefusal = { line: number; errors: RowError[] };

export type ToWorker =
  | { type: "open"; file: File; remembered: Record<string, ImportField | null> }
  | { type: "check"; mapping: ColumnMapping; today: string }
  /** The next batch of at most `size` ready rows (from the first again with `restart`); none left: an empty batch. */
  | { type: "batch"; size: number; restart?: boolean }
  | { type: "refusedFile"; serverRefused: RowRefusal[] };

export type Checked = {
  type: "checked";
  /** Data rows read, rows ready to send (after merging), rows merged into an earlier one, refused rows. */
  rows: number; ready: number; merged: number; refusedCount: number;
  /** The first refused rows and the first ready rows, to show. */
  refused: RowRefusal[];
  preview: { line: number; account: ReadyRow["account"] }[];
};

export type FromWorker =
  | { type: "opened"; headers: string[]; keys: string[]; mapping: ColumnMapping; sample: string[][] }
  | { type: "progress"; fraction: number }
  | Checked
  | { type: "batch"; accounts: (ReadyRow["account"] & { date?: string })[]; lines: number[][] }
  | { type: "refusedFile"; text: string }
  | { type: "failed"; message: string };
