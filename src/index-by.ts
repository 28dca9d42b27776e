/**
 * Items by key, the first one winning, so that `map.get(key)` answers exactly what
 * `items.find((item) => key(item) === wanted)` did, in O(1) instead of O(items). Lookups inside
 * loops over accounts or actions must go through an index like this one: at 100,000 accounts a
 * linear search per item is what made plans take minutes (issue 13).
 */
export function indexBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T> {
  const index = new Map<K, T>();
  for (const item of items) {
    const value = key(item);
    if (!index.has(value)) index.set(value, item);
  }
  return index;
}
