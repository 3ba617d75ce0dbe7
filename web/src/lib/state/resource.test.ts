// The one loader, against a fake fetch (the network is the boundary): abort,
// stale answers, error messages and retry.
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client.ts";
import { Resource } from "./resource.svelte.ts";

/** A fetch whose answer the test hands out when it likes, recording the signal it was given. */
function pending<T>() {
  const calls: { signal: AbortSignal; resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => calls.push({ signal, resolve, reject }));
  return { fetch, calls };
}

const failure = "Something went wrong loading things. Please try again.";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Resource", () => {
  test("is loading until the answer arrives, then holds it", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const done = resource.load(fetch);
    expect(resource.loading, "loading while the request runs").toBe(true);
    expect(resource.value).toBeNull();
    calls[0].resolve("first");
    await done;
    expect(resource.loading, "not loading once answered").toBe(false);
    expect(resource.value).toBe("first");
    expect(resource.error).toBeNull();
  });

  test("a newer load aborts the older request", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    void resource.load(fetch);
    void resource.load(fetch);
    expect(calls[0].signal.aborted, "the first request is aborted").toBe(true);
    expect(calls[1].signal.aborted, "the newer one runs on").toBe(false);
  });

  test("an older answer that arrives after a newer one never overwrites it", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const older = resource.load(fetch);
    const newer = resource.load(fetch);
    calls[1].resolve("fresh");
    await newer;
    // A fetch that ignores its abort signal still answers: the answer must be dropped.
    calls[0].resolve("stale");
    await older;
    expect(resource.value).toBe("fresh");
    expect(resource.loading).toBe(false);
  });

  test("an older answer that arrives first leaves the newer load running", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const older = resource.load(fetch);
    void resource.load(fetch);
    calls[0].resolve("stale");
    await older;
    expect(resource.value, "the stale answer is not shown").toBeNull();
    expect(resource.loading, "still loading the newer request").toBe(true);
  });

  test("the older request's abort error is not shown as an error", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const older = resource.load(fetch);
    void resource.load(fetch);
    calls[0].reject(new DOMException("The operation was aborted.", "AbortError"));
    await older;
    expect(resource.error).toBeNull();
    expect(resource.loading).toBe(true);
  });

  test("keeps the last answer while a newer load runs", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const first = resource.load(fetch);
    calls[0].resolve("first");
    await first;
    void resource.load(fetch);
    expect(resource.value, "the previous answer stays on screen").toBe("first");
    expect(resource.loading).toBe(true);
  });

  test("an API error shows the API's message and clears the answer", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const first = resource.load(fetch);
    calls[0].resolve("first");
    await first;
    const second = resource.load(fetch);
    calls[1].reject(new ApiError(404, "not_found", "No customer with this id."));
    await second;
    expect(resource.error).toBe("No customer with this id.");
    expect(resource.value).toBeNull();
    expect(resource.loading).toBe(false);
  });

  test("any other failure shows the generic sentence, never the exception's own text", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const resource = new Resource<string>(failure);
    await resource.load(() => Promise.reject(new TypeError("x is undefined")));
    expect(resource.error).toBe(failure);
    expect(logged, "the real error goes to the console").toHaveBeenCalled();
  });

  test("a stale failure never replaces a fresh answer", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const older = resource.load(fetch);
    const newer = resource.load(fetch);
    calls[1].resolve("fresh");
    await newer;
    calls[0].reject(new ApiError(500, "internal", "Boom."));
    await older;
    expect(resource.error).toBeNull();
    expect(resource.value).toBe("fresh");
  });

  test("retry runs the last load again and clears the error", async () => {
    const resource = new Resource<number>(failure);
    let attempts = 0;
    const fetch = async () => {
      attempts += 1;
      if (attempts === 1) throw new ApiError(0, "network", "Could not reach Pulseboard.");
      return attempts;
    };
    await resource.load(fetch);
    expect(resource.error).toBe("Could not reach Pulseboard.");
    await resource.retry();
    expect(attempts, "the same fetch ran a second time").toBe(2);
    expect(resource.error).toBeNull();
    expect(resource.value).toBe(2);
  });

  test("retry before any load does nothing", async () => {
    const resource = new Resource<number>(failure);
    await resource.retry();
    expect(resource.loading).toBe(false);
    expect(resource.value).toBeNull();
  });

  test("reset aborts the running load, forgets the answer, and its late answer is dropped", async () => {
    const resource = new Resource<string>(failure);
    const { fetch, calls } = pending<string>();
    const first = resource.load(fetch);
    calls[0].resolve("first");
    await first;
    const second = resource.load(fetch);
    resource.reset();
    expect(calls[1].signal.aborted, "the running request is aborted").toBe(true);
    expect(resource.value).toBeNull();
    expect(resource.loading).toBe(false);
    calls[1].resolve("late");
    await second;
    expect(resource.value, "a late answer after reset is not shown").toBeNull();
    await resource.retry();
    expect(calls.length, "reset also forgets what to retry").toBe(2);
  });
});
