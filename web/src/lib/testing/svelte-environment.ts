// Node, with modules transformed as for the browser: the svelte plugin then
// compiles *.svelte.ts state classes to client code and `svelte` resolves to
// its client runtime, so unit tests run the same reactivity the dashboard does.
import { builtinEnvironments, type Environment } from "vitest/runtime";

export default { ...builtinEnvironments.node, name: "svelte-client", viteEnvironment: "client" } satisfies Environment;
