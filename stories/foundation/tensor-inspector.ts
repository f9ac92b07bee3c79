// The Loading data story's view: pick or drop a file, load it with
// loadTensor, and show what came out. Story code, not a library element: it
// renders a Lit template into a plain <div> that Storybook mounts.
import { html, nothing, render, type TemplateResult } from 'lit';
import { format } from 'd3-format';
import { useBackend, type BackendName } from '../../src/backend/use-backend.js';
import { NnDataError } from '../../src/data/errors.js';
import { loadTensor } from '../../src/data/load-tensor.js';
import { listNpz } from '../../src/data/npz.js';
import { detectFormat, parseBytes } from '../../src/data/parse-bytes.js';
import { listSafetensors } from '../../src/data/safetensors.js';
import { fitCanvas } from '../../src/render/canvas.js';
import { drawCells, paintCells } from '../../src/render/heatmap.js';
import { legendTemplate } from '../../src/render/legend.js';
import { DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, colormapLut, rgba } from '../../src/scales/colormap.js';
import { finiteExtent, unitScale } from '../../src/scales/value-scale.js';
import { inspectorStyles } from './tensor-inspector-styles.js';
import { summarizeTensor, type TensorSummary } from './summarize-tensor.js';

/** What can be loaded: a URL (a fixture), the reader's file, or the first bytes of a URL's file. */
export type TensorRequest =
  { kind: 'url'; url: string } | { kind: 'file'; file: File; name?: string } | { kind: 'truncated'; url: string; keep: number };

/** The story's args. */
export interface InspectorArgs {
  /** The URL to load first; `#name` picks an array in an npz or safetensors file. */
  src: string;
  /** When set, only the first `truncate` bytes of `src` are loaded (to show the error for a cut file). */
  truncate?: number;
  /** A d3-scale-chromatic scheme, or 'auto': diverging for signed data, else sequential. */
  colormap: string;
  backend: BackendName;
}

/** The colour schemes offered in the select; any d3-scale-chromatic name works in code. */
export const COLORMAP_CHOICES = ['auto', 'viridis', 'magma', 'inferno', 'cividis', 'Greys', 'PuOr', 'RdBu', 'BrBG'];

/** Where the fixtures are served (see .storybook/main.ts), relative so a Storybook under a sub-path works. */
export const FIXTURES = 'fixtures/';

/** The heatmap's longest side and largest cell, in CSS pixels. */
const HEATMAP_SIDE = 320;
const MAX_CELL = 48;

const formatValue = format('.4~g');
const formatCount = format(',');

interface ManifestEntry {
  file: string;
  name?: string;
  shape?: number[];
  dtype?: string;
  error?: string[];
}

let manifest: Promise<{ arrays: ManifestEntry[]; errors: ManifestEntry[] }> | undefined;

/** test/fixtures/manifest.json, fetched once. */
function fixtureManifest(): Promise<{ arrays: ManifestEntry[]; errors: ManifestEntry[] }> {
  manifest ??= fetch(`${FIXTURES}manifest.json`).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status} fetching ${FIXTURES}manifest.json`);
    return response.json();
  });
  return manifest;
}

/** The URL of a manifest entry, with `#name` for an array in an npz or safetensors file. */
function fixtureUrl(entry: ManifestEntry): string {
  return `${FIXTURES}${entry.file}${entry.name === undefined ? '' : `#${encodeURIComponent(entry.name)}`}`;
}

let backendChoice: { name: BackendName; backend: Promise<string> } | undefined;

/**
 * `useBackend(name)`, called once per name for all the inspectors on a page:
 * a docs page renders five stories at once, and five concurrent
 * `useBackend('auto')` calls were seen to end on webgl where one call gets
 * webgpu (each call's setBackend races the others').
 */
function selectBackend(name: BackendName): Promise<string> {
  if (backendChoice?.name !== name) {
    const backend = useBackend(name);
    backendChoice = { name, backend };
    backend.catch(() => {
      if (backendChoice?.backend === backend) backendChoice = undefined;
    });
  }
  return backendChoice.backend;
}

interface Loaded {
  summary: TensorSummary;
  /** The dtype the file stored; loadTensor always returns float32. */
  dtype: string;
  backend: string;
  ms: number;
}

type Status = { state: 'loading' } | { state: 'ready'; loaded: Loaded } | { state: 'error'; name: string; message: string };

/**
 * Renders the inspector into a new element and starts loading `args.src`.
 * The element is what a story returns.
 */
export function tensorInspector(args: InspectorArgs): HTMLElement {
  const host = document.createElement('div');
  const request: TensorRequest =
    args.truncate === undefined ? { kind: 'url', url: args.src } : { kind: 'truncated', url: args.src, keep: args.truncate };
  new TensorInspector(host, args, request).load(request);
  return host;
}

class TensorInspector {
  private status: Status = { state: 'loading' };
  private request: TensorRequest;
  private colormap: string;
  /** Array names of the reader's npz or safetensors file, for the array select. */
  private arrayNames: string[] = [];
  private fixtures: ManifestEntry[] = [];
  private rejected: ManifestEntry[] = [];
  private dragging = false;
  private hover?: { row: number; col: number; value: number };
  private controller?: AbortController;
  /** What the canvas shows now, so hover updates do not repaint a large slice. */
  private painted?: { canvas: HTMLCanvasElement; summary: TensorSummary; colormap: string };

  constructor(
    private readonly host: HTMLElement,
    private readonly args: InspectorArgs,
    request: TensorRequest,
  ) {
    this.request = request;
    this.colormap = args.colormap;
    fixtureManifest().then(
      ({ arrays, errors }) => {
        this.fixtures = arrays;
        this.rejected = errors;
        this.update();
      },
      // Without the manifest the select is empty; the story still works with the reader's files.
      () => undefined,
    );
  }

  /** Loads a request, cancelling the one in flight. */
  async load(request: TensorRequest): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.request = request;
    this.status = { state: 'loading' };
    this.hover = undefined;
    this.update();
    try {
      const loaded = await this.inspect(request, controller.signal);
      if (!controller.signal.aborted) this.status = { state: 'ready', loaded };
    } catch (error) {
      if (controller.signal.aborted) return;
      // NnDataError: the input is wrong, and its message says how. Anything
      // else is a bug, shown the same way so the story never fails silently.
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      this.status = { state: 'error', name: error instanceof NnDataError ? 'NnDataError' : name, message };
    }
    if (!controller.signal.aborted) this.update();
  }

  private async inspect(request: TensorRequest, signal: AbortSignal): Promise<Loaded> {
    const backend = await selectBackend(this.args.backend);
    const started = performance.now();
    const { tensor, bytes, name } = await this.loadRequest(request, signal);
    try {
      const summary = await summarizeTensor(tensor);
      const ms = performance.now() - started;
      // The stored dtype is not on the tensor (it is float32): ask the parser.
      const dtype = (await parseBytes(await bytes(), name)).dtype;
      return { summary, dtype, backend, ms };
    } finally {
      tensor.dispose();
    }
  }

  /** The loadTensor call for each kind of request: the code the page shows. */
  private async loadRequest(request: TensorRequest, signal: AbortSignal) {
    switch (request.kind) {
      case 'url': {
        const hash = request.url.indexOf('#');
        const name = hash < 0 ? undefined : decodeURIComponent(request.url.slice(hash + 1));
        const file = hash < 0 ? request.url : request.url.slice(0, hash);
        const tensor = await loadTensor(request.url, { signal });
        return { tensor, name, bytes: async () => new Uint8Array(await (await fetch(file, { signal })).arrayBuffer()) };
      }
      case 'file': {
        const bytes = new Uint8Array(await request.file.arrayBuffer());
        this.arrayNames = arrayNamesOf(bytes);
        const name = request.name ?? (this.arrayNames.length > 1 ? this.arrayNames[0] : undefined);
        this.request = { ...request, name };
        const tensor = await loadTensor(request.file, { name, signal });
        return { tensor, name, bytes: async () => bytes };
      }
      case 'truncated': {
        const response = await fetch(request.url, { signal });
        if (!response.ok) throw new Error(`HTTP ${response.status} fetching ${request.url}`);
        const bytes = new Uint8Array(await response.arrayBuffer()).slice(0, request.keep);
        const tensor = await loadTensor(bytes, { source: truncatedSource(request), signal });
        return { tensor, name: undefined, bytes: async () => bytes };
      }
    }
  }

  private update(): void {
    render(this.template(), this.host);
    if (this.status.state === 'ready') this.drawHeatmap(this.status.loaded.summary);
  }

  private template(): TemplateResult {
    const { status } = this;
    return html`${inspectorStyles}
      <section class="nn-ld" data-story-state=${status.state}
        data-backend=${status.state === 'ready' ? status.loaded.backend : nothing}
        aria-busy=${status.state === 'loading' ? 'true' : 'false'}>
        ${this.controls()}
        <pre class="nn-ld-call"><code>${callText(this.request)}</code></pre>
        ${status.state === 'loading' ? html`<p class="nn-ld-muted">Loading…</p>` : nothing}
        ${
          status.state === 'error'
            ? html`<div class="nn-ld-error" role="alert">
              <strong>${status.name}</strong> <span data-story-error>${status.message}</span>
            </div>`
            : nothing
        }
        ${status.state === 'ready' ? this.result(status.loaded) : nothing}
      </section>`;
  }

  private controls(): TemplateResult {
    const selected = this.request.kind === 'url' ? this.request.url : '';
    const file = this.request.kind === 'file' ? this.request : undefined;
    return html`<div class="nn-ld-controls">
      <label class="nn-ld-field">
        <span>Sample file</span>
        <select @change=${(event: Event) => this.load({ kind: 'url', url: (event.target as HTMLSelectElement).value })}>
          ${selected === '' ? html`<option value="" selected disabled>${placeholder(this.request)}</option>` : nothing}
          <optgroup label="Readable fixtures">
            ${this.fixtures.map((entry) => fixtureOption(entry, selected))}
          </optgroup>
          <optgroup label="Fixtures nnscope rejects">
            ${this.rejected.map((entry) => fixtureOption(entry, selected))}
          </optgroup>
          ${
            selected !== '' && !this.fixtures.concat(this.rejected).some((entry) => fixtureUrl(entry) === selected)
              ? html`<option value=${selected} selected>${selected}</option>`
              : nothing
          }
        </select>
      </label>
      <label class="nn-ld-field">
        <span>Colormap</span>
        <select @change=${this.onColormap}>
          ${COLORMAP_CHOICES.map((name) => html`<option .value=${name} ?selected=${name === this.colormap}>${name}</option>`)}
        </select>
      </label>
      <label class="nn-ld-drop ${this.dragging ? 'nn-ld-dragging' : ''}"
        @dragover=${this.onDragOver} @dragleave=${this.onDragLeave} @drop=${this.onDrop}>
        <input class="nn-ld-visually-hidden" type="file" accept=".npy,.npz,.safetensors,.json"
          @change=${this.onFileChosen}>
        ${
          file
            ? html`<span><strong>${file.file.name}</strong> · ${formatCount(file.file.size)} bytes</span>`
            : html`<span>Drop your <code>.npy</code>, <code>.npz</code>, <code>.safetensors</code> or <code>.json</code> here</span>`
        }
        <span class="nn-ld-muted">or click to choose a file; it stays in this browser</span>
      </label>
      ${
        file && this.arrayNames.length > 1
          ? html`<label class="nn-ld-field nn-ld-wide">
            <span>Array in ${file.file.name}</span>
            <select @change=${(event: Event) => this.load({ ...file, name: (event.target as HTMLSelectElement).value })}>
              ${this.arrayNames.map((name) => html`<option .value=${name} ?selected=${name === file.name}>${name}</option>`)}
            </select>
          </label>`
          : nothing
      }
    </div>`;
  }

  private result({ summary, dtype, backend, ms }: Loaded): TemplateResult {
    const { slice } = summary;
    const { domain, colormap } = this.colour(summary);
    const sliceNonFinite = slice.values.some((value) => !Number.isFinite(value));
    const hover = this.hover;
    return html`<div class="nn-ld-result">
      <dl class="nn-ld-facts">
        <dt>shape</dt><dd><code>[${summary.shape.join(', ')}]</code> · ${formatCount(summary.size)} ${summary.size === 1 ? 'value' : 'values'}</dd>
        <dt>stored as</dt><dd><code>${dtype}</code> → <code>float32</code></dd>
        <dt>backend</dt><dd><code>${backend}</code> · <span class="nn-ld-time" data-visual-varies>${ms.toFixed(0)} ms</span> to load and summarise</dd>
        <dt>finite range</dt>
        <dd>${summary.extent ? html`${formatValue(summary.extent[0])} to ${formatValue(summary.extent[1])}` : 'no finite values'}</dd>
        <dt>not finite</dt>
        <dd>
          <span class=${summary.nan ? 'nn-ld-flag' : ''}>NaN ${formatCount(summary.nan)}</span> ·
          <span class=${summary.positiveInfinity ? 'nn-ld-flag' : ''}>+Inf ${formatCount(summary.positiveInfinity)}</span> ·
          <span class=${summary.negativeInfinity ? 'nn-ld-flag' : ''}>−Inf ${formatCount(summary.negativeInfinity)}</span>
        </dd>
      </dl>
      <figure class="nn-ld-figure">
        ${
          slice.rows * slice.cols === 0
            ? html`<p class="nn-ld-muted">The tensor is empty: nothing to draw.</p>`
            : html`<canvas class="nn-ld-heatmap" role="img"
                aria-label=${`Heatmap of slice ${slice.index}, ${slice.rows} by ${slice.cols}`}
                @pointermove=${this.onPointerMove} @pointerleave=${this.onPointerLeave}></canvas>
              ${
                domain
                  ? legendTemplate({
                      colormap,
                      domain,
                      scale: 'linear',
                      width: Math.max(220, this.heatmapSize(slice).width + 12),
                      missingColor: sliceNonFinite ? this.missingColor() : undefined,
                    })
                  : nothing
              }`
        }
        <figcaption>
          slice <code>${slice.index}</code> · ${slice.rows} × ${slice.cols}
          ${hover ? html`· <code>[${hover.row}, ${hover.col}]</code> = <strong>${formatValue(hover.value)}</strong>` : nothing}
        </figcaption>
      </figure>
    </div>`;
  }

  /**
   * The slice's colour domain and scheme: its own finite extent (non-finite
   * cells are "no value" and must not stretch it), and for 'auto' a
   * diverging scheme centred on zero when the values have both signs.
   */
  private colour({ slice }: TensorSummary): { domain?: [number, number]; colormap: string } {
    const extent = finiteExtent(slice.values);
    const signed = extent !== undefined && extent[0] < 0 && extent[1] > 0;
    const colormap = this.colormap === 'auto' ? (signed ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL) : this.colormap;
    if (!extent || !signed || colormap !== DEFAULT_DIVERGING) return { domain: extent, colormap };
    const reach = Math.max(-extent[0], extent[1]);
    return { domain: [-reach, reach], colormap };
  }

  /** The "no value" cell colour for the page the story sits on (the toolbar's theme, .storybook/preview.ts). */
  private missingColor(): string {
    return this.host.closest<HTMLElement>('.nn-story')?.dataset.theme === 'dark' ? '#2a2f37' : '#e8e8e8';
  }

  private heatmapSize({ rows, cols }: { rows: number; cols: number }): { width: number; height: number } {
    const cell = Math.min(MAX_CELL, HEATMAP_SIDE / Math.max(rows, cols));
    return { width: Math.max(12, cols * cell), height: Math.max(12, rows * cell) };
  }

  private drawHeatmap(summary: TensorSummary): void {
    const canvas = this.host.querySelector<HTMLCanvasElement>('canvas.nn-ld-heatmap');
    if (!canvas) return;
    const { slice } = summary;
    const { domain, colormap } = this.colour(summary);
    const painted = this.painted;
    if (painted?.canvas === canvas && painted.summary === summary && painted.colormap === colormap) return;
    this.painted = { canvas, summary, colormap };
    const size = this.heatmapSize(slice);
    const ctx = fitCanvas(canvas, size.width, size.height);
    ctx.clearRect(0, 0, size.width, size.height);
    // With no finite value every cell is "no value": any domain will do.
    const unit = unitScale('linear', domain ?? [0, 1]);
    const pixels = paintCells(slice, unit, colormapLut(colormap), rgba(this.missingColor()));
    drawCells(ctx, pixels, slice.rows, slice.cols, { x: 0, y: 0, ...size });
  }

  private readonly onColormap = (event: Event) => {
    this.colormap = (event.target as HTMLSelectElement).value;
    this.update();
  };

  private readonly onFileChosen = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) this.load({ kind: 'file', file });
    input.value = ''; // choosing the same file again still loads it
  };

  private readonly onDragOver = (event: DragEvent) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    if (!this.dragging) {
      this.dragging = true;
      this.update();
    }
  };

  private readonly onDragLeave = () => {
    this.dragging = false;
    this.update();
  };

  private readonly onDrop = (event: DragEvent) => {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (file) this.load({ kind: 'file', file });
    else this.update();
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    if (this.status.state !== 'ready') return;
    const { slice } = this.status.loaded.summary;
    const canvas = event.currentTarget as HTMLCanvasElement;
    const row = Math.floor((event.offsetY / canvas.clientHeight) * slice.rows);
    const col = Math.floor((event.offsetX / canvas.clientWidth) * slice.cols);
    if (row < 0 || col < 0 || row >= slice.rows || col >= slice.cols) return;
    if (this.hover?.row === row && this.hover.col === col) return;
    this.hover = { row, col, value: slice.values[row * slice.cols + col] };
    this.update();
  };

  private readonly onPointerLeave = () => {
    this.hover = undefined;
    this.update();
  };
}

function fixtureOption(entry: ManifestEntry, selected: string): TemplateResult {
  const url = fixtureUrl(entry);
  const what = entry.error ? 'rejected' : `${entry.dtype} [${entry.shape?.join(', ')}]`;
  return html`<option .value=${url} ?selected=${url === selected}>
    ${entry.file}${entry.name === undefined ? '' : `#${entry.name}`} — ${what}
  </option>`;
}

/** The names of the arrays in npz or safetensors bytes; [] for other formats or unreadable bytes. */
function arrayNamesOf(bytes: Uint8Array): string[] {
  try {
    const format = detectFormat(bytes);
    if (format === 'npz') return listNpz(bytes);
    if (format === 'safetensors') return listSafetensors(bytes);
  } catch {
    // loadTensor reports what is wrong with the file.
  }
  return [];
}

/** How the truncated bytes are named in error messages (loadTensor's `source`). */
function truncatedSource({ url }: { url: string }): string {
  return `${url.split('/').pop()} (cut)`;
}

/** The select's label when what is loaded is not one of its files. */
function placeholder(request: TensorRequest): string {
  return request.kind === 'truncated' ? `(the first ${request.keep} bytes of ${request.url.split('/').pop()})` : '(your file)';
}

/** A string as a single-quoted TypeScript literal. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/** The call that loads `request`, as code a reader can copy. */
function callText(request: TensorRequest): string {
  switch (request.kind) {
    case 'url':
      return `const tensor = await loadTensor(${quote(request.url)});`;
    case 'file':
      return request.name === undefined
        ? 'const tensor = await loadTensor(file); // a File from <input type="file"> or a drop'
        : `const tensor = await loadTensor(file, { name: ${quote(request.name)} });`;
    case 'truncated':
      return (
        `const bytes = new Uint8Array(await (await fetch(${quote(request.url)})).arrayBuffer());\n` +
        `const tensor = await loadTensor(bytes.slice(0, ${request.keep}), { source: ${quote(truncatedSource(request))} });`
      );
  }
}
