// The outbox drain's input and answer (the notifications function's scheduled job).
import { z } from "zod";
import { count } from "../common/answers.ts";

export const drainInput = z.strictObject({});
export const drainAnswer = z.strictObject({ sent: count, failed: count });
