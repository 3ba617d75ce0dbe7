// Input schemas of the playbook and QBR actions.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";

const key = (field: string) => z.string({ error: `${field} is required and must be text` }).trim()
  .regex(/^[a-z_]{1,40}$/, { error: `${field} must be the key of a play or item (lowercase letters and _)` });

export const customerPlaybookInput = closedObject({ customer_id: uuid("customer_id") });

export const setPlayItemInput = closedObject({
  customer_id: uuid("customer_id"),
  play: key("play"),
  item: key("item"),
  done: z.boolean({ error: "done must be true or false" }),
});
