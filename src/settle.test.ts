import { describe, expect, it } from "vitest";
import { settleAll } from "./settle.js";

function later<T>(ms: number, value: T, fail = false): Promise<T> {
  return new Promise((resolve, reject) => setTimeout(() => (fail ? reject(value) : resolve(value)), ms));
}

describe("settleAll", () => {
  it("returns every value in argument order", async () => {
    expect(await settleAll([later(20, "a"), later(1, 2), "c"])).toEqual(["a", 2, "c"]);
  });

  it("throws the earliest rejection, and only after the slowest promise settled", async () => {
    const order: string[] = [];
    const slow = later(40, "slow").then((value) => {
      order.push(value);
      return value;
    });
    const outcome = settleAll([
      later(20, new Error("second"), true),
      slow,
      later(5, new Error("first"), true),
    ]).catch((error: Error) => {
      order.push(error.message);
    });
    await outcome;
    expect(order).toEqual(["slow", "first"]);
  });
});
