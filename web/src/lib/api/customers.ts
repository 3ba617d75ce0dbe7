// The customer reads and writes of the dashboard, answered in the shared customer shapes.
import {
  deleteCustomerAnswer, getCustomerAnswer, listCustomersAnswer, restoreCustomerAnswer, writeCustomerAnswer,
} from "@shared/customers/answers.ts";
import type { ListCustomersQuery } from "@shared/customers/inputs.ts";
import type { Band } from "@shared/index.ts";
import { request, send } from "./client.ts";

/** The filters, sort and page the customers page asks for (a subset of list_customers' query). */
export type CustomerQuery =
  & { client_id: string }
  & { status?: Band }
  & Partial<Pick<ListCustomersQuery, "search" | "sort" | "order" | "limit" | "offset">>;

/** One page of a client's customers, with the total that matches the filters. */
export const listCustomers = (query: CustomerQuery, signal?: AbortSignal) =>
  request("list_customers", query, listCustomersAnswer, signal);

/** One customer with its score explanation, recent history and the settings it is scored with. */
export const getCustomer = (query: { client_id: string; id: string }, signal?: AbortSignal) =>
  request("get_customer", query, getCustomerAnswer, signal);

/** Saves fields of one customer (upsert_account by id); signal fields rescore it. */
export const updateCustomer = (clientId: string, id: string, fields: Record<string, unknown>) =>
  send("upsert_account", { client_id: clientId, id, ...fields }, writeCustomerAnswer);

/** Soft-deletes a customer; restoreCustomer brings it back. */
export const deleteCustomer = (clientId: string, id: string) =>
  send("delete_customer", { client_id: clientId, id }, deleteCustomerAnswer);

export const restoreCustomer = (clientId: string, id: string) =>
  send("restore_customer", { client_id: clientId, id }, restoreCustomerAnswer);
