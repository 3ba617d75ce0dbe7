// The customer reads and writes of the dashboard, answered in the shared customer shapes.
import {
  customerTabCountsAnswer, deleteCustomerAnswer, getCustomerAnswer, listCustomersAnswer, restoreCustomerAnswer, writeCustomerAnswer,
} from "@shared/customers/answers.ts";
import { bulkDeleteCustomersAnswer, bulkRestoreCustomersAnswer, bulkUpdateCustomersAnswer } from "@shared/customers/bulk.ts";
import type { ListCustomersQuery } from "@shared/customers/inputs.ts";
import type { Band } from "@shared/index.ts";
import { request, send } from "./client.ts";

/** The filters, sort and page the customers page asks for: list_customers' query, column filters as typed (the API validates them). */
export type CustomerQuery =
  & { client_id: string }
  & { status?: Band }
  & Partial<Pick<ListCustomersQuery, "search" | "sort" | "order" | "limit" | "offset">>
  & Record<string, string | number | undefined>;

/** One page of a client's customers, with the total that matches the filters. */
export const listCustomers = (query: CustomerQuery, signal?: AbortSignal) =>
  request("list_customers", query, listCustomersAnswer, signal);

/** The customers page's tab counts for a search and column filters, in one request. */
export const countCustomerTabs = (query: Record<string, string>, signal?: AbortSignal) =>
  request("count_customer_tabs", query, customerTabCountsAnswer, signal);

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

/** One signal of one customer (update_health by id); the answer is the customer rescored. */
export const updateSignal = (clientId: string, id: string, field: string, value: unknown) =>
  send("update_health", { client_id: clientId, id, field, value }, writeCustomerAnswer);

/** What a bulk update may change on the selected customers. */
export type BulkChange = { add_tags?: string[]; remove_tags?: string[]; lifecycle?: string; manager?: string | null };

/** Bulk actions on selected customers: one transaction each, all or nothing. */
export const bulkUpdateCustomers = (clientId: string, ids: string[], change: BulkChange) =>
  send("bulk_update_customers", { client_id: clientId, ids, ...change }, bulkUpdateCustomersAnswer);

export const bulkDeleteCustomers = (clientId: string, ids: string[]) =>
  send("bulk_delete_customers", { client_id: clientId, ids }, bulkDeleteCustomersAnswer);

export const bulkRestoreCustomers = (clientId: string, ids: string[]) =>
  send("bulk_restore_customers", { client_id: clientId, ids }, bulkRestoreCustomersAnswer);
