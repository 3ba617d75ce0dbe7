// Runs once as the dashboard starts, before any schema parses.
import { z } from "zod";

// zod 4 compiles object parsers with `new Function` where it may; its probe
// for that is an eval the CSP refuses (and reports). Parse without it.
z.config({ jitless: true });
