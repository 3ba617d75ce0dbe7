// The outbox drain's input and answer (the notifications function's scheduled job).
import { z } from "zod";
import { count } from "../common/answers.ts";

/** wake: a ring after a write commits (pg_net), answered at once when a drain is already awake. */
export const drainInput = z.strictObject({ wake: z.boolean().optional() });
export const drainAnswer = z.strictObject({ sent: count, failed: count });
