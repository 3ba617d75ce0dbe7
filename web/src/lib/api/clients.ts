// The clients the signed-in user may see, each with the user's role for it.
import { listClientsAnswer } from "@shared/admin/answers.ts";
import { request } from "./client.ts";

export const listClients = (signal?: AbortSignal) => request("list_clients", {}, listClientsAnswer, signal);
