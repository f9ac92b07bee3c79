import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { NnElement } from '../../src/elements/base/nn-element.js';
import { defineElement } from '../../src/elements/base/define.js';
import type { TensorInput } from '../../src/data/load-tensor.js';
import { fitCanvas } from '../../src/render/canvas.js';
import { drawCells, paintCells } from '../../src/render/heatmap.js';
import { legendTemplate } from '../../src/render/legend.js';
import { colormapLut, DEFAULT_SEQUENTIAL, rgba } from '../../src/scales/colormap.js';
import { finiteExtent, unitScale } from '../../src/scales/value-scale.js';

/**
 * The smallest real element on the shared base: loads a matrix, reads it
 * back once, and paints it. Tests use it to check what the base promises
 * every element (lazy start, errors, ownership, export, theming).
 */
export class TestMatrixElement extends NnElement {
  static override dataProperties = [...NnElement.dataProperties, 'values', 'delay', 'failWith'];

  @property({ attribute: false }) values?: TensorInput;
  /** Makes computeData throw this error, as a browser or GPU failure would. */
  @property({ attribute: false }) failWith?: Error;
  /** Makes drawData throw, as a bad display value would. */
  @property({ type: Boolean }) failDraw = false;
  /** Milliseconds computeData waits before loading, to test superseded runs. */
  @property({ type: Number }) delay = 0;

  computeCount = 0;
  drawCount = 0;
  abortedRuns = 0;
  cells?: Float32Array;
  rows = 0;
  cols = 0;

  protected override async computeData(signal: AbortSignal): Promise<void> {
    this.computeCount++;
    if (this.failWith) throw this.failWith;
    if (this.delay > 0) await new Promise((resolve) => setTimeout(resolve, this.delay));
    if (signal.aborted) {
      this.abortedRuns++;
      return;
    }
    const input = this.values ?? this.src;
    if (input === undefined) throw new Error('test-matrix: set values or src.');
    const tensor = await this.loadInput(input, { signal, rank: 2, source: 'values' });
    this.tensors.set('values', tensor);
    this.rows = tensor.shape[0] ?? 0;
    this.cols = tensor.shape[1] ?? 0;
    this.cells = (await tensor.data()) as Float32Array;
  }

  protected override drawData(): void {
    if (this.failDraw) throw new Error('test-matrix: this display value cannot be drawn.');
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas || !this.cells) return;
    const lut = colormapLut(this.colormap ?? DEFAULT_SEQUENTIAL);
    const domain = finiteExtent(this.cells) ?? [0, 1];
    const width = Math.max(1, this.size.width);
    const height = Math.max(1, this.size.height - 50);
    const ctx = fitCanvas(canvas, width, height);
    const pixels = paintCells(
      { values: this.cells, rows: this.rows, cols: this.cols },
      unitScale('linear', domain),
      lut,
      rgba(this.themeColor('missing')),
    );
    ctx.clearRect(0, 0, width, height);
    drawCells(ctx, pixels, this.rows, this.cols, { x: 0, y: 0, width, height });
    this.drawCount++;
  }

  protected override renderView() {
    const domain = (this.cells && finiteExtent(this.cells)) ?? ([0, 1] as [number, number]);
    return html`<canvas></canvas>${legendTemplate({
      colormap: this.colormap ?? DEFAULT_SEQUENTIAL,
      domain,
      scale: 'linear',
      width: Math.max(120, this.size.width),
    })}`;
  }

  protected override describe(): string {
    return this.cells ? `Test matrix, ${this.rows} by ${this.cols}` : 'Test matrix, no data yet';
  }
}

defineElement('nn-test-matrix', TestMatrixElement);

declare global {
  interface HTMLElementTagNameMap {
    'nn-test-matrix': TestMatrixElement;
  }
}
