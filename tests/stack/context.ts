// What the global setup hands to every integration and browser test.
import { inject } from "vitest";

export type DemoUser = { email: string; password: string; role: string; clientId?: string };
export type DemoClient = { id: string; name: string; apiKey: string; customers: number };
export type Demo = { url: string; anonKey: string; dbUrl: string; users: DemoUser[]; clients: DemoClient[] };
export type StackInfo = { url: string; anonKey: string; serviceRoleKey: string; dbUrl: string; dataDir: string };

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo & { demo: Demo; root: string; rescoreBatchSize: number; mailUrl: string };
  }
}

export const stack = () => inject("stack");
