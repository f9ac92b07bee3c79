/** Which channels: all, a list, or the `top` N most active on the input. */
export type ChannelsSpec = { kind: 'all' } | { kind: 'list'; channels: number[] } | { kind: 'top'; count: number };

/**
 * Reads the `channels` attribute or property: a JSON array of indices
 * (`[0, 3, 7]`), `top:16`, or nothing (all).
 *
 * @example
 * ```ts
 * parseChannels('top:16'); // { kind: 'top', count: 16 }
 * ```
 * @throws Error quoting the value and the forms it may take.
 */
export function parseChannels(value: unknown): ChannelsSpec {
  if (value === undefined || value === null || value === '') return { kind: 'all' };
  if (Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0)) return { kind: 'list', channels: [...value] };
  if (typeof value === 'string') {
    const top = /^\s*top\s*:\s*(\d+)\s*$/i.exec(value);
    if (top && Number(top[1]) >= 1) return { kind: 'top', count: Number(top[1]) };
  }
  throw new Error(
    `channels must be a JSON array of channel indices like [0, 3, 7] or "top:N" (the N most active on input), got ${JSON.stringify(value)}.`,
  );
}
