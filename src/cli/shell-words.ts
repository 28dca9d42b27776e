/** Characters a POSIX shell reads literally outside quotes. */
const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * One word as a POSIX shell reads it back: plain when it can be, else in single quotes (where
 * nothing is special but the quote itself, written '\''), so a printed command can be pasted.
 */
export function shellQuote(word: string): string {
  if (word !== "" && PLAIN.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}
