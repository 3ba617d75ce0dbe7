// Where Home Base's figures lead: the customers they count.
import type { Band } from "@shared/scoring/bands.ts";

export const customersInBand = (band: Band) => `/customers?status=${band}`;
export const customerPage = (id: string) => `/customers/${id}`;
