// Building blocks of answer schemas: how instants and calendar dates are written.
import { z } from "zod";

/** An instant as every answer writes it: ISO 8601 in UTC with a Z. */
export const instant = z.iso.datetime();
/** A calendar date, YYYY-MM-DD. */
export const calendarDate = z.iso.date();

/** A count the server reports. */
export const count = z.int().nonnegative();
