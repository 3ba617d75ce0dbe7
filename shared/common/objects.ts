// Input objects that refuse fields they do not know, naming each one.
import { z } from "zod";

/**
 * An object that refuses fields it does not know, naming each one as the
 * error's field (a strict object reports unknown keys with no field, so the
 * caller could not tell which of its fields was wrong).
 */
export function closedObject<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape).superRefine((obj, ctx) => {
    for (const key of Object.keys(obj)) {
      if (!Object.hasOwn(shape, key)) ctx.addIssue({ code: "custom", path: [key], message: "unknown field" });
    }
  }).meta({ additionalProperties: false });
}
