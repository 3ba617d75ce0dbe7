// The customer reads of the dashboard, answered in the shared customer shapes.
import { getCustomerAnswer, listCustomersAnswer } from "@shared/customers/answers.ts";
import type { ListCustomersQuery } from "@shared/customers/inputs.ts";
import type { Band } from "@shared/index.ts";
import { request } from "./client.ts";

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
