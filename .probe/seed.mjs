import postgres from "postgres";
import { seed } from "../bench/load.mjs";
const sql = postgres(process.argv[2], { max: 2, onnotice: () => {} });
const r = await seed(sql, 100000);
console.log(JSON.stringify(r));
await sql.end();
