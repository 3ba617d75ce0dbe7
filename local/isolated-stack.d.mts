// Types of isolated-stack.mjs for the TypeScript that imports it.
export type StackInfo = { url: string; anonKey: string; serviceRoleKey: string; dbUrl: string; dataDir: string };
export function freePort(): Promise<number>;
export function startIsolatedStack(options?: {
  demo?: boolean;
  prefix?: string;
  stderr?: (chunk: Buffer) => void;
  keep?: boolean;
  env?: Record<string, string>;
}): Promise<{ info: StackInfo; dataDir: string; stop: () => Promise<void> }>;
