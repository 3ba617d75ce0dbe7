// The one id rule of every input: a uuid, named by its field in the error.
import { z } from "zod";

/** A uuid field; a missing one is "required", anything else "must be a valid id". */
export const uuid = (field: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be an id`) })
    .uuid({ error: `${field} must be a valid id (uuid)` });
