import { describe, expect, it, vi } from "vitest";
import { isConnectionError, withDbRetry } from "./retry";

const coded = (code: string) => Object.assign(new Error(code), { code });

describe("isConnectionError", () => {
  it("recognises lost connections from postgres.js, the server and the socket", () => {
    for (const code of [
      "CONNECTION_CLOSED",
      "CONNECT_TIMEOUT",
      "57P01",
      "08006",
      "ECONNREFUSED",
      "ECONNRESET",
    ]) {
      expect(isConnectionError(coded(code))).toBe(true);
    }
  });

  it("looks through wrappers such as DrizzleQueryError", () => {
    const wrapped = Object.assign(new Error("Failed query: select 1\nparams: "), { cause: coded("57P01") });
    expect(isConnectionError(wrapped)).toBe(true);
    expect(isConnectionError(new AggregateError([coded("ECONNREFUSED")]))).toBe(true);
  });

  it("leaves ordinary query errors alone", () => {
    expect(isConnectionError(coded("23505"))).toBe(false); // unique violation
    expect(isConnectionError(coded("42P01"))).toBe(false); // undefined table
    expect(isConnectionError(new Error("boom"))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});

describe("withDbRetry", () => {
  it("repeats work that failed on a lost connection", async () => {
    const fn = vi.fn().mockRejectedValueOnce(coded("CONNECTION_CLOSED")).mockResolvedValue("ok");
    const onRetry = vi.fn();
    await expect(withDbRetry(fn, { delaysMs: [1, 1], onRetry })).resolves.toBe("ok");
    expect(fn).toHaveBeenCalledTimes(2);
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("gives up after the last delay and never retries other errors", async () => {
    const lost = vi.fn().mockRejectedValue(coded("ECONNREFUSED"));
    await expect(withDbRetry(lost, { delaysMs: [1, 1] })).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(lost).toHaveBeenCalledTimes(3);
    const bad = vi.fn().mockRejectedValue(coded("23505"));
    await expect(withDbRetry(bad, { delaysMs: [1, 1] })).rejects.toMatchObject({ code: "23505" });
    expect(bad).toHaveBeenCalledTimes(1);
  });
});
