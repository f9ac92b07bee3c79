import { Stage } from '../base/stage.js';
import { integerIn, numberIn, oneOf } from '../base/validate.js';
import { colourScale, type ColourScale } from '../../scales/colour-scale.js';
import { loadSource, selectionResult, statesToTrace, tracedStates, type LoadedSource, type SourceInputs } from './derived-data.js';
import { stepSpan } from './selection-value.js';
import { stageNow } from './stage-now.js';
import type { SelectionResult, TracedStates } from './views/host.js';

/** The attributes the selection's result depends on, as the element has them (unchecked). */
export interface ResultAttributes {
  selection?: unknown;
  threshold: unknown;
  strict: boolean;
  maxMatches: unknown;
  context: unknown;
  heatmap: unknown;
}

/**
 * The tracer's derived data as four stages, each keyed by what it is
 * computed from (no hand-made keys): source (load or record the states) →
 * traced layer (one layer of one kind, with labels) → the selection's
 * units and matches → the colour scale. A view switch or a new threshold
 * reruns only the stages whose arguments changed; loading runs only for new
 * inputs. The values are Float32Arrays, not tensors: nothing to dispose.
 *
 * @example
 * ```ts
 * const data = new TracerPipeline();
 * await data.run({ states }, 'hidden', 0, tokens, signal);
 * data.result({ selection: [6, 9], threshold: 0.5, strict: false, maxMatches: 50, context: 4, heatmap: 'selected' }).units;
 * ```
 */
export class TracerPipeline {
  private readonly source = new Stage<readonly unknown[], LoadedSource>();
  private readonly layer = new Stage<readonly unknown[], TracedStates>();
  private readonly selected = new Stage<readonly unknown[], SelectionResult>();
  private readonly scale = new Stage<readonly unknown[], ColourScale>();

  /** The loaded source, once loaded. */
  get loaded(): LoadedSource | undefined {
    return this.source.value;
  }

  /** The traced layer, once derived. */
  get traced(): TracedStates | undefined {
    return this.layer.value;
  }

  /**
   * Loads the source (only when `inputs` changed) and derives the traced
   * layer; true when the source is new (the element then resets its window).
   */
  async run(inputs: SourceInputs, state: unknown, layer: number | string | undefined, tokens: unknown, signal: AbortSignal): Promise<boolean> {
    const kind = oneOf('state', state, ['hidden', 'cell'] as const);
    const previous = this.source.value;
    const source = await this.source.run(Object.values(inputs), (aborted) => loadSource(inputs, aborted), signal);
    const traced = statesToTrace(source, kind, layer);
    stageNow(this.layer, [traced.states, traced.layer, tokens], () => tracedStates(traced.states, traced.layer, tokens));
    return source !== previous;
  }

  /** Checks the display attributes (validate.ts's messages) and gives the selection's units and matches. */
  result(attributes: ResultAttributes): SelectionResult {
    const traced = this.layer.value;
    if (!traced) throw new Error('No states yet.');
    oneOf('heatmap', attributes.heatmap, ['selected', 'all'] as const);
    integerIn('context', attributes.context, 0);
    const options = {
      threshold: numberIn('threshold', attributes.threshold),
      strict: attributes.strict,
      maxMatches: integerIn('max-matches', attributes.maxMatches, 0),
    };
    const span = stepSpan('selection', attributes.selection, traced.steps);
    return stageNow(this.selected, [traced, span?.start, span?.end, options.threshold, options.strict, options.maxMatches], () =>
      selectionResult(traced, span, options),
    );
  }

  /** The one colour scale of the traced values: the heat track paints with it, the legend shows it. */
  colourScale(colormap: string | undefined): ColourScale {
    const domain = this.layer.value!.domain;
    return stageNow(this.scale, [domain, colormap], () => colourScale({ extent: domain, colormap }));
  }

  /** Forgets everything derived (the element left the page). */
  clear(): void {
    for (const stage of [this.source, this.layer, this.selected, this.scale]) stage.clear();
  }
}
