import { describe, expect, it } from "vitest";
import { indexBy } from "./index-by.js";

describe("indexBy", () => {
  it.each([
    { items: [], wanted: "a" },
    { items: [{ id: "a", n: 1 }], wanted: "a" },
    { items: [{ id: "a", n: 1 }], wanted: "b" },
    {
      items: [
        { id: "a", n: 1 },
        { id: "b", n: 2 },
        { id: "a", n: 3 },
      ],
      wanted: "a",
    },
  ])("answers what find answers ($wanted in $items.length items)", ({ items, wanted }) => {
    const index = indexBy(items, (item) => item.id);
    expect(index.get(wanted)).toBe(items.find((item) => item.id === wanted));
  });
});
