/**
 * Code-unit order, the same on every machine and locale (unlike `localeCompare`): output that
 * is sorted with it is byte-for-byte stable, which plans, snapshots and fingerprints rely on.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A comparator ordering items by a text key, for `Array.prototype.sort`. */
export function byText<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(key(a), key(b));
}
