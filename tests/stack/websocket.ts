// Node 20 has no global WebSocket, and supabase-js refuses to construct a
// client without one (for realtime, which these tests never open). Node 22
// has it built in; on 20 the `ws` package is the same interface.
import WebSocket from "ws";

if (!("WebSocket" in globalThis)) {
  Object.assign(globalThis, { WebSocket });
}
