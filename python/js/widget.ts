/**
 * The front end of the `nnscope` Python package: one anywidget module that
 * renders any nnscope element from a widget model.
 *
 * Python says which element and which traits (`_spec`); this module keeps the
 * element's properties in step with the traits, fetches arrays and model files
 * from the kernel in chunks (Jupyter's websocket refuses single messages over
 * 10 MiB), and writes the user's picks (head, cell, channel, brushed steps,
 * threshold) back to traits. The same `render` runs without a kernel in the
 * static HTML pages `to_html()` writes: there the model is {@link staticModel}
 * and the bytes are in the page.
 *
 * Built by scripts/build-widget.mjs into python/src/nnscope/static/widget.js,
 * with lit, d3 and TensorFlow.js inside.
 */
import '../../src/define.js';
import { tf } from '../../src/tf.js';
import { ensureBackend } from '../../src/backend/use-backend.js';
import * as tfl from '@tensorflow/tfjs-layers';
import { float16Table } from '../../src/data/float16.js';

/** The part of an anywidget model this module uses. */
export interface WidgetModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: (...args: never[]) => void): void;
  off(event?: string | null, callback?: ((...args: never[]) => void) | null): void;
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[]): void;
}

/** What Python tells the front end about the element (trait `_spec`). */
interface Spec {
  tag: string;
  /** trait name → element property, for plain values. */
  properties: Record<string, string>;
  /** trait name → element property, for arrays (and how the element wants them). */
  arrays: Record<string, { property: string; as: 'array' | 'tensor' }>;
  /** trait name → element property, for tfjs models served from the kernel. */
  models: Record<string, string>;
  /** trait name → element property the user changes; read back after each interaction. */
  readback: Record<string, string>;
  /** The element pins cells (attention): `nn-select` with a query and key sets trait `pinned`. */
  pins?: boolean;
}

/** How Python describes an array trait's value (its bytes come by request). */
interface ArrayMeta {
  key: string;
  dtype: 'float32' | 'float16';
  shape: number[];
  nbytes: number;
}

/** How Python describes a tfjs model directory (trait value of a model trait). */
interface ModelMeta {
  key: string;
  files: Record<string, { key: string; nbytes: number }>;
}

interface Chunk {
  type: 'chunk';
  key: string;
  offset: number;
  nbytes: number;
}

/** Bytes the kernel sends, by key, shared by every view of one model. */
class BlobStore {
  private pending = new Map<string, { bytes: Uint8Array; received: number; resolve: (bytes: Uint8Array) => void; promise: Promise<Uint8Array> }>();

  constructor(private model: WidgetModel) {
    model.on('msg:custom', ((content: Chunk, buffers: (DataView | ArrayBuffer)[]) => this.onMessage(content, buffers)) as never);
  }

  /** The bytes of `key`, requested once from the kernel however many views ask. */
  get(key: string, nbytes: number): Promise<Uint8Array> {
    const known = this.pending.get(key);
    if (known) return known.promise;
    let resolve!: (bytes: Uint8Array) => void;
    const promise = new Promise<Uint8Array>((r) => (resolve = r));
    const entry = { bytes: new Uint8Array(nbytes), received: 0, resolve, promise };
    this.pending.set(key, entry);
    if (nbytes === 0) resolve(entry.bytes);
    else this.model.send({ type: 'request', key });
    return promise;
  }

  /** Forgets bytes no trait refers to any more, so replaced arrays are freed. */
  keep(keys: Set<string>): void {
    for (const key of [...this.pending.keys()]) if (!keys.has(key)) this.pending.delete(key);
  }

  private onMessage(content: Chunk, buffers: (DataView | ArrayBuffer)[]): void {
    if (content?.type !== 'chunk') return;
    const entry = this.pending.get(content.key);
    const buffer = buffers?.[0];
    if (!entry || !buffer) return;
    const view = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    entry.bytes.set(view, content.offset);
    entry.received += view.byteLength;
    if (entry.received >= entry.bytes.byteLength) entry.resolve(entry.bytes);
  }
}

const stores = new WeakMap<WidgetModel, BlobStore>();
function storeOf(model: WidgetModel): BlobStore {
  let store = stores.get(model);
  if (!store) stores.set(model, (store = new BlobStore(model)));
  return store;
}

let halfTable: Float32Array | undefined;

/** Float32 values of the bytes Python sent (float16 is widened here, exactly). */
function toFloat32(bytes: Uint8Array, dtype: ArrayMeta['dtype']): Float32Array {
  if (dtype === 'float32') {
    // The store's buffer is ours alone and exactly this array's size.
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  }
  const bits = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  const table = (halfTable ??= float16Table());
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}

/** Loads a tfjs LayersModel whose files the kernel serves through the comm. */
async function loadModel(store: BlobStore, meta: ModelMeta): Promise<tfl.LayersModel> {
  const file = async (name: string): Promise<Uint8Array> => {
    const entry = meta.files[name];
    if (!entry) throw new Error(`model: the model directory has no file '${name}'`);
    return store.get(entry.key, entry.nbytes);
  };
  const handler: tf.io.IOHandler = {
    async load() {
      const json = JSON.parse(new TextDecoder().decode(await file('model.json')));
      const specs: tf.io.WeightsManifestEntry[] = [];
      const parts: Uint8Array[] = [];
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const path of group.paths) parts.push(await file(path));
      }
      const total = parts.reduce((n, p) => n + p.byteLength, 0);
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const part of parts) {
        weightData.set(part, offset);
        offset += part.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: weightData.buffer,
      };
    },
  };
  await ensureBackend(); // weights become tensors on the elements' backend
  return tfl.loadLayersModel(handler);
}

/** Element properties hold `undefined`, not null, when unset. */
const fromTrait = (value: unknown) => (value === null ? undefined : value);

/** Trait values are JSON: spans become `[start, end]`, undefined becomes null. */
function toTrait(value: unknown): unknown {
  if (value === undefined) return null;
  if (value && typeof value === 'object' && 'start' in value && 'end' in value) {
    const span = value as { start: number; end: number };
    return [span.start, span.end];
  }
  if (Array.isArray(value)) return value.map(toTrait);
  return value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Hover details reach the kernel at most this often (the latest one wins). */
const HOVER_INTERVAL_MS = 100;

/** Creates the element in `el` and keeps it in step with `model`; returns the cleanup. */
export function render({ model, el }: { model: WidgetModel; el: HTMLElement }): () => void {
  const spec = model.get('_spec') as Spec;
  const store = storeOf(model);
  const node = document.createElement(spec.tag) as HTMLElement & Record<string, unknown>;
  node.style.display = 'block';
  const cleanups: (() => void)[] = [];
  const listen = (event: string, callback: () => void) => {
    model.on(`change:${event}`, callback);
    cleanups.push(() => model.off(`change:${event}`, callback));
  };

  const applyHeight = () => {
    const height = model.get('height') as string | null;
    node.style.height = height ?? '';
  };
  applyHeight();
  listen('height', applyHeight);

  for (const [trait, property] of Object.entries(spec.properties)) {
    const apply = () => {
      // A value the view itself just reported is not set back (the element keeps its own form, e.g. a span).
      const value = model.get(trait);
      if (!same(toTrait(node[property]), value)) node[property] = fromTrait(value);
    };
    apply();
    listen(trait, apply);
  }

  const owned = new Map<string, tf.Tensor>();
  const liveKeys = () => {
    const keys = new Set<string>();
    for (const trait of [...Object.keys(spec.arrays), ...Object.keys(spec.models)]) {
      const meta = model.get(trait) as { key: string; files?: ModelMeta['files'] } | null;
      if (!meta) continue;
      keys.add(meta.key);
      for (const file of Object.values(meta.files ?? {})) keys.add(file.key);
    }
    return keys;
  };

  for (const [trait, { property, as }] of Object.entries(spec.arrays)) {
    const apply = async () => {
      store.keep(liveKeys());
      const meta = model.get(trait) as ArrayMeta | null;
      owned.get(trait)?.dispose();
      owned.delete(trait);
      if (!meta) {
        node[property] = undefined;
        return;
      }
      const bytes = await store.get(meta.key, meta.nbytes);
      if ((model.get(trait) as ArrayMeta | null)?.key !== meta.key) return; // replaced meanwhile
      const data = toFloat32(bytes, meta.dtype);
      if (as === 'tensor') {
        await ensureBackend(); // the elements' backend, before the first tensor
        if ((model.get(trait) as ArrayMeta | null)?.key !== meta.key) return;
        const tensor = tf.tensor(data, meta.shape, 'float32');
        owned.set(trait, tensor);
        node[property] = tensor;
      } else {
        node[property] = { data, shape: meta.shape };
      }
    };
    void apply();
    listen(trait, () => void apply());
  }

  for (const [trait, property] of Object.entries(spec.models)) {
    const apply = async () => {
      store.keep(liveKeys());
      const meta = model.get(trait) as ModelMeta | string | null;
      if (meta === null || typeof meta === 'string') {
        node[property] = fromTrait(meta); // a URL the browser fetches itself, or unset
        return;
      }
      try {
        const loaded = await loadModel(store, meta);
        if ((model.get(trait) as ModelMeta | null)?.key === meta.key) node[property] = loaded;
      } catch (error) {
        model.set('error', `${trait}: ${(error as Error).message}`);
        model.save_changes();
      }
    };
    void apply();
    listen(trait, () => void apply());
  }

  // The user's picks go back to the kernel as trait changes.
  const readBack = () => {
    let changed = false;
    for (const [trait, property] of Object.entries(spec.readback)) {
      const value = toTrait(node[property]);
      if (!same(value, model.get(trait))) {
        model.set(trait, value);
        changed = true;
      }
    }
    if (changed) model.save_changes();
  };
  const onSelect = (event: Event) => {
    const detail = (event as CustomEvent).detail as Record<string, unknown> | null;
    if (spec.pins && detail && 'query' in detail && 'key' in detail) {
      model.set('pinned', { query: detail.query, key: detail.key });
    }
    readBack();
  };
  // `input` comes from the saliency overlay's threshold slider (a composed event).
  const onInput = () => queueMicrotask(readBack);
  const onRender = () => {
    model.set('rendered', ((model.get('rendered') as number) ?? 0) + 1);
    if (model.get('error') !== null) model.set('error', null);
    model.save_changes();
    readBack();
  };
  const onError = (event: Event) => {
    model.set('error', ((event as CustomEvent).detail as { message: string }).message);
    model.save_changes();
  };
  let hoverTimer: ReturnType<typeof setTimeout> | undefined;
  let hoverLatest: unknown;
  const onHover = (event: Event) => {
    hoverLatest = (event as CustomEvent).detail ?? null;
    if (hoverTimer !== undefined) return;
    hoverTimer = setTimeout(() => {
      hoverTimer = undefined;
      model.send({ type: 'hover', detail: hoverLatest });
    }, HOVER_INTERVAL_MS);
  };
  const events: [string, (event: Event) => void][] = [
    ['nn-select', onSelect],
    ['input', onInput],
    ['keyup', onInput],
    ['nn-render', onRender],
    ['nn-error', onError],
    ['nn-hover', onHover],
  ];
  for (const [name, callback] of events) node.addEventListener(name, callback);

  el.classList.add('nnscope-widget');
  el.appendChild(node);
  return () => {
    for (const [name, callback] of events) node.removeEventListener(name, callback);
    for (const cleanup of cleanups) cleanup();
    clearTimeout(hoverTimer);
    node.remove();
    for (const tensor of owned.values()) tensor.dispose();
  };
}

/**
 * A widget model with no kernel behind it, for static HTML: `state` holds the
 * trait values, `blobs` the bytes by key (arrays and model files). Picks
 * change `state` and notify listeners, as in a notebook; nothing is sent.
 */
export function staticModel(state: Record<string, unknown>, blobs: Record<string, Uint8Array>): WidgetModel {
  const listeners = new Map<string, Set<(...args: never[]) => void>>();
  const emit = (event: string, ...args: unknown[]) => {
    for (const callback of listeners.get(event) ?? []) (callback as (...a: unknown[]) => void)(...args);
  };
  const model: WidgetModel = {
    get: (name) => state[name],
    set(name, value) {
      state[name] = value;
      emit(`change:${name}`, value);
    },
    save_changes() {},
    on(event, callback) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(callback);
    },
    off(event, callback) {
      if (event && callback) listeners.get(event)?.delete(callback);
    },
    send(content) {
      const { type, key } = content as { type: string; key: string };
      const bytes = blobs[key];
      if (type !== 'request' || !bytes) return;
      queueMicrotask(() =>
        emit('msg:custom', { type: 'chunk', key, offset: 0, nbytes: bytes.byteLength }, [
          bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        ]),
      );
    },
  };
  return model;
}

/** Decodes base64 (the form bytes take inside an HTML page). */
function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Renders every `<script type="application/vnd.nnscope+json">` on the page
 * into the element named by its `data-target`: the static pages of
 * `to_html()`, `save_html()` and the widgets' text/html fallback.
 */
export function renderStaticPage(root: ParentNode = document): void {
  for (const script of root.querySelectorAll<HTMLScriptElement>('script[type="application/vnd.nnscope+json"]')) {
    if (script.dataset.rendered) continue;
    script.dataset.rendered = 'true';
    const { state, blobs } = JSON.parse(script.textContent ?? '{}') as { state: Record<string, unknown>; blobs: Record<string, string> };
    const target = document.getElementById(script.dataset.target ?? '');
    if (!target) continue;
    const bytes = Object.fromEntries(Object.entries(blobs).map(([key, text]) => [key, fromBase64(text)]));
    render({ model: staticModel(state, bytes), el: target });
  }
}

export default { render };
