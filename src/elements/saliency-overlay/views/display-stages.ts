import { Stage } from '../../base/stage.js';
import type { ColourScale } from '../../../scales/colour-scale.js';
import { bitmapOf } from '../../../render/bitmap.js';
import { greyBackdrop, isColourful } from '../paint.js';
import { clipValue, maskOf, saliencyScale } from './display.js';
import type { Picture } from './host.js';

/** A picture's tone under an overlay: whether it has colour, and its desaturated, dimmed bitmap. */
export interface Backdrop {
  colourful: boolean;
  grey: OffscreenCanvas;
}

/**
 * A synchronous {@link Stage} read: the value for `args`, computed and
 * committed when they changed. (Stage's `run` is async, for the pipeline;
 * display values are needed inside a template.)
 */
export function memo<Args extends readonly unknown[], Value>(stage: Stage<Args, Value>, args: Args, compute: () => Value): Value {
  if (!stage.has(args)) stage.set(args, compute());
  return stage.value as Value;
}

/**
 * Per-panel display values, each a {@link Stage} keyed by what it is
 * computed from: the clip value (map, percentile), the mask (map, percent)
 * and the colour scale (clip, signed, colormap), so a template, a draw and a
 * hover frame share one computation and one scale object.
 */
export class DisplayStages {
  private readonly clips: Stage<[Float32Array, number], number>[] = [];
  private readonly masks: Stage<[Float32Array, number], Uint8Array>[] = [];
  private readonly scales: Stage<[number, boolean, string | undefined], ColourScale>[] = [];
  private readonly backdrops = new Stage<[Picture], Backdrop>();

  /** The picture's grey backdrop and whether it has colour, made once per picture. */
  backdrop(picture: Picture): Backdrop {
    return memo(this.backdrops, [picture], () => ({
      colourful: isColourful(picture.pixels.data),
      grey: bitmapOf(greyBackdrop(picture.pixels.data), picture.width, picture.height),
    }));
  }

  clip(panel: number, map: Float32Array, percentile: number): number {
    return memo((this.clips[panel] ??= new Stage()), [map, percentile], () => clipValue(map, percentile));
  }

  mask(panel: number, map: Float32Array, percent: number): Uint8Array {
    return memo((this.masks[panel] ??= new Stage()), [map, percent], () => maskOf(map, percent));
  }

  scale(panel: number, clip: number, signed: boolean, colormap: string | undefined): ColourScale {
    return memo((this.scales[panel] ??= new Stage()), [clip, signed, colormap], () => saliencyScale(clip, signed, colormap));
  }

  clear(): void {
    for (const stage of [...this.clips, ...this.masks, ...this.scales, this.backdrops]) stage.clear();
  }
}
