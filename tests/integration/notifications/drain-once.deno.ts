// One drain of the outbox in a process of its own (the notifications
// function's drain, as pg_cron would run it), so that a test can kill it
// between a receiver's answer and the drain's record of it. First it frees
// the lane named in argv (held by the test so that no other drain took the
// delivery first). The environment is the stack's (DB_URL, JWT_SECRET, …).
import postgres from "postgres";
import { drainActions } from "../../../supabase/functions/notifications/drain.ts";

const [lane] = Deno.args;
const sql = postgres(Deno.env.get("DB_URL")!, { max: 1, onnotice: () => {} });
await sql`update private.notification_lanes set next_at = now() where lane = ${lane}`;
await sql.end();
console.log("draining");
console.log(JSON.stringify(await drainActions.drain.run({})));
Deno.exit(0);
