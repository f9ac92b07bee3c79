import type { Stage } from '../base/stage.js';

/**
 * A synchronous step of a {@link Stage}: the committed value when `args`
 * are the same, else `compute()`'s, committed. For derived data cheap enough
 * to compute during a render or a draw (the selection's units and matches,
 * the colour scale), where `Stage.run`'s promise would put a frame between
 * the input and the picture.
 *
 * @example
 * ```ts
 * const scale = stageNow(this.scale, [domain, this.colormap], () => colourScale({ extent: domain, colormap: this.colormap }));
 * ```
 */
export function stageNow<Args extends readonly unknown[], Value>(stage: Stage<Args, Value>, args: Args, compute: () => Value): Value {
  if (stage.has(args)) return stage.value as Value;
  const value = compute();
  stage.set(args, value);
  return value;
}
