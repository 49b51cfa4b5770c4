/** Quotes one word for a POSIX shell: single quotes, each `'` inside written as `'\''`. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
