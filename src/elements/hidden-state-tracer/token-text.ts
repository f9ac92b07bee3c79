/**
 * How a run of tokens reads as text: characters run together (a character
 * model's tokens include the spaces), words are joined by spaces.
 */
export function joinsWithoutSpace(tokens: readonly string[]): boolean {
  let single = 0;
  const sample = Math.min(tokens.length, 200);
  for (let i = 0; i < sample; i++) if (tokens[i].length <= 1) single++;
  return sample > 0 && single === sample;
}

/**
 * The step -> match index map the text and match views highlight from: -1
 * outside every match, else the index of the match in the list.
 */
export function matchIndex(steps: number, matches: readonly { start: number; end: number }[]): Int32Array {
  const index = new Int32Array(steps).fill(-1);
  matches.forEach((match, i) => index.fill(i, match.start, match.end));
  return index;
}
