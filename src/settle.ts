/**
 * Like `Promise.all`, but settles only once every promise has settled, then throws the first
 * rejection (the earliest, which is the cause; later ones are often its echoes, such as aborts).
 * `Promise.all` rejects at the first failure and leaves the others running unobserved: their
 * calls go on after the error was reported, against clients the caller is closing.
 */
export async function settleAll<const T extends readonly unknown[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  let failure: { error: unknown } | undefined;
  const watched = promises.map((promise) =>
    Promise.resolve(promise).catch((error: unknown) => {
      failure ??= { error };
    }),
  );
  const values = await Promise.all(watched);
  if (failure) throw failure.error;
  return values as { -readonly [K in keyof T]: Awaited<T[K]> };
}
