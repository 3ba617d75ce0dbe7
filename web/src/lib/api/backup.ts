// A client's backup as a file, and its restore (which replaces the client's data).
import { restoreAnswer } from "@shared/backup/tables.ts";
import { fetchFile, postFile } from "./client.ts";

export const downloadBackup = (clientId: string) => fetchFile("/backup.json", { client_id: clientId });

export const restoreBackup = (clientId: string, text: string) => postFile("/restore", { client_id: clientId }, text, restoreAnswer);
