/**
 * The classic d3 heatmap, as a baseline: one SVG `<rect>` per cell, placed by
 * band scales and filled from `interpolateViridis`, with an optional
 * mouseover tooltip. This is the approach of the d3 gallery's heatmap and
 * of most attention figures in blog posts; nnscope paints a bitmap instead.
 *
 * @example
 * ```ts
 * const cells = heatmapCells(values, 128, 128);
 * const heatmap = svgRectHeatmap(container, cells, { rows: 128, cols: 128, width: 600, height: 600 });
 * heatmap.svg.querySelectorAll('rect').length; // 16384
 * ```
 */
import { select } from 'd3-selection';
import { scaleBand, scaleSequential } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import { format } from 'd3-format';

/** One object per cell, as d3's data join takes it. */
export interface HeatmapCell {
  query: number;
  key: number;
  value: number;
}

/** The cells of a row-major `[rows, cols]` matrix, one object each. */
export function heatmapCells(values: Float32Array, rows: number, cols: number): HeatmapCell[] {
  const cells: HeatmapCell[] = new Array(rows * cols);
  for (let query = 0; query < rows; query++) {
    for (let key = 0; key < cols; key++) cells[query * cols + key] = { query, key, value: values[query * cols + key] };
  }
  return cells;
}

export interface SvgRectHeatmapOptions {
  rows: number;
  cols: number;
  width: number;
  height: number;
  /** Adds a d3 `mouseover` handler on every rect that moves and fills a tooltip div. */
  tooltip?: boolean;
}

/** What {@link svgRectHeatmap} drew. */
export interface SvgRectHeatmap {
  svg: SVGSVGElement;
  tooltip?: HTMLDivElement;
  /** The fill of a value, as d3 computed it. */
  fill(value: number): string;
}

const formatValue = format('.4~g');

/** Draws `cells` into `container`, which sits at the page's top left (the tooltip is placed by page coordinates). */
export function svgRectHeatmap(container: HTMLElement, cells: readonly HeatmapCell[], options: SvgRectHeatmapOptions): SvgRectHeatmap {
  const { rows, cols, width, height } = options;
  let max = -Infinity;
  for (const cell of cells) if (cell.value > max) max = cell.value;
  const x = scaleBand<number>()
    .domain(Array.from({ length: cols }, (_, i) => i))
    .range([0, width]);
  const y = scaleBand<number>()
    .domain(Array.from({ length: rows }, (_, i) => i))
    .range([0, height]);
  const color = scaleSequential(interpolateViridis).domain([0, max]);
  const svg = select(container).append('svg').attr('width', width).attr('height', height);
  const rects = svg
    .selectAll('rect')
    .data(cells)
    .join('rect')
    .attr('x', (d) => x(d.key)!)
    .attr('y', (d) => y(d.query)!)
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('fill', (d) => color(d.value));
  let tooltip: HTMLDivElement | undefined;
  if (options.tooltip) {
    const div = select(container)
      .append('div')
      .style('position', 'absolute')
      .style('pointer-events', 'none')
      .style('background', 'white')
      .style('font', '12px sans-serif')
      .style('padding', '4px');
    tooltip = div.node()!;
    rects.on('mouseover', (event: MouseEvent, d) => {
      div
        .style('left', `${event.pageX + 12}px`)
        .style('top', `${event.pageY + 12}px`)
        .text(`query ${d.query}, key ${d.key}: ${formatValue(d.value)}`);
    });
  }
  return { svg: svg.node()!, tooltip, fill: (value) => color(value) };
}
