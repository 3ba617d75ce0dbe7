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

/** Something the server accepted but wants the caller to know (an ignored field). */
export const warningSchema = z.strictObject({ field: z.string(), message: z.string() });
export type Warning = z.infer<typeof warningSchema>;

/** `strict=true` (in the query or the data): refuse unknown fields instead of ignoring them. */
export const strictFlag = z.preprocess(
  (v) => (v === "true" ? true : v === "false" ? false : v),
  z.boolean({ error: "strict must be true or false" }),
).optional();

/**
 * An input object as zaps send it: a field it does not know (a zap that maps
 * one column too many) is ignored and named in `warnings`, so the write
 * still happens and nothing is silent. With `strict: true` each unknown
 * field is refused by name instead, as closedObject does.
 */
export function tolerantObject<T extends z.ZodRawShape>(shape: T) {
  const known = (key: string) => Object.hasOwn(shape, key) || key === "strict";
  return z.looseObject({ ...shape, strict: strictFlag }).superRefine((obj, ctx) => {
    if (obj.strict !== true) return;
    for (const key of Object.keys(obj)) if (!known(key)) ctx.addIssue({ code: "custom", path: [key], message: "unknown field" });
  }).transform((obj) => {
    const fields = Object.fromEntries(Object.entries(obj).filter(([key]) => known(key) && key !== "strict"));
    const warnings: Warning[] = Object.keys(obj).filter((key) => !known(key))
      .map((field) => ({ field, message: "unknown field, ignored (send strict=true to refuse it)" }));
    return { ...(fields as z.output<z.ZodObject<T>>), warnings };
  });
}
