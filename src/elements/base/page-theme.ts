/** The colour scheme a figure is drawn in. */
export type Scheme = 'light' | 'dark';

/** What `theme="auto"` reads off the page around an element. */
export interface PageTheme {
  /** The page's scheme: its `color-scheme`, else its background's lightness, else the reader's preference. */
  scheme: Scheme;
  /** The solid colour behind the element (`rgb(...)`), when an ancestor paints one; used where a fill is needed (export, canvas). */
  background?: string;
  /** The text colour the element inherits from the page. */
  text?: string;
}

/** The parent in the flattened tree: the slot it is assigned to, the parent, or a shadow root's host. */
function composedParent(node: Element): Element | null {
  if (node.assignedSlot) return node.assignedSlot;
  if (node.parentElement) return node.parentElement;
  const root = node.parentNode;
  return root instanceof ShadowRoot ? root.host : null;
}

/** The scheme a computed `color-scheme` names alone ("dark", "only dark"), or undefined ("normal", "light dark"). */
export function schemeOf(colorScheme: string): Scheme | undefined {
  const words = colorScheme.split(/\s+/);
  const light = words.includes('light');
  const dark = words.includes('dark');
  if (light === dark) return undefined;
  return dark ? 'dark' : 'light';
}

let probe: CanvasRenderingContext2D | null | undefined;

/**
 * A CSS colour as 0–255 RGBA, whatever syntax the computed style uses
 * (`rgb()`, `color(srgb …)`, `oklch()`, `color-mix()` results): the browser
 * paints it into one pixel and we read the pixel back.
 */
export function parseColour(colour: string): [number, number, number, number] | undefined {
  const simple = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(colour);
  if (simple) {
    const alpha = simple[4] === undefined ? 1 : simple[4].endsWith('%') ? Number.parseFloat(simple[4]) / 100 : Number(simple[4]);
    return [Number(simple[1]), Number(simple[2]), Number(simple[3]), Math.round(alpha * 255)];
  }
  if (probe === undefined) probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!probe) return undefined;
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#0000';
  probe.fillStyle = colour;
  probe.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = probe.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a];
}

/** Relative luminance (WCAG 2) of a 0–255 sRGB colour, 0 (black) to 1 (white). */
export function luminance([r, g, b]: readonly number[]): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/**
 * The page's theme as seen from `host`, in this order:
 *
 * 1. the computed `color-scheme` of the host's parent, when it names only
 *    `dark` or only `light` (a page that declares itself);
 * 2. the first opaque `background-color` behind the host (walking up the
 *    flattened tree): dark below luminance 0.5;
 * 3. nothing paints a background: the browser's canvas, which is dark only
 *    where the page allows it (`color-scheme: light dark`) and the reader
 *    prefers it (`prefersDark`); otherwise white.
 *
 * The last step differs from following `prefers-color-scheme` alone on
 * purpose: a page that neither sets a background nor opts into dark is
 * painted white by the browser whatever the reader's system prefers, and a
 * dark figure there is the box-in-an-article the issue is about.
 *
 * @example
 * ```ts
 * resolvePageTheme(el, matchMedia('(prefers-color-scheme: dark)')); // {scheme: 'light', background: 'rgb(255, 255, 255)', text: 'rgb(31, 35, 40)'}
 * ```
 */
export function resolvePageTheme(host: Element, prefersDark: { readonly matches: boolean } | undefined): PageTheme {
  const parent = composedParent(host) ?? host.ownerDocument.documentElement;
  const parentStyle = getComputedStyle(parent);
  const text = parentStyle.color || undefined;
  const declared = schemeOf(parentStyle.colorScheme ?? '');
  let background: string | undefined;
  let backgroundScheme: Scheme | undefined;
  for (let node: Element | null = parent; node; node = composedParent(node)) {
    const fill = getComputedStyle(node).backgroundColor;
    const rgba = fill ? parseColour(fill) : undefined;
    // Half-transparent washes over an unknown page say little; the first
    // mostly opaque layer is what the reader sees behind the figure.
    if (rgba && rgba[3] >= 128) {
      background = `rgb(${rgba[0]}, ${rgba[1]}, ${rgba[2]})`;
      backgroundScheme = luminance(rgba) < 0.5 ? 'dark' : 'light';
      break;
    }
  }
  const pageAllowsDark = (parentStyle.colorScheme ?? '').split(/\s+/).includes('dark');
  const fallback: Scheme = pageAllowsDark && prefersDark?.matches ? 'dark' : 'light';
  return { scheme: declared ?? backgroundScheme ?? fallback, background, text };
}

/**
 * What a page-theme watcher calls back: the element re-reads the page.
 */
export interface PageThemeListener {
  pageThemeChanged(): void;
}

/**
 * One MutationObserver per document, shared by every element in `auto`:
 * any attribute change on `<html>` or `<body>` (how sites switch their own
 * dark mode: a class, a style, `data-theme`, `data-bs-theme`,
 * `data-color-mode`, …) makes each re-read the page. It disconnects when
 * the last element leaves.
 */
const watchers = new WeakMap<Document, { observer: MutationObserver; listeners: Set<PageThemeListener> }>();

/** Starts telling `listener` about theme switches on `doc`'s root and body; returns the function that stops. */
export function watchPageTheme(doc: Document, listener: PageThemeListener): () => void {
  let watcher = watchers.get(doc);
  if (!watcher) {
    const listeners = new Set<PageThemeListener>();
    const observer = new MutationObserver(() => {
      for (const each of [...listeners]) each.pageThemeChanged();
    });
    // Every attribute: sites name their dark-mode switch in many ways, and html/body attributes change rarely.
    const options = { attributes: true };
    observer.observe(doc.documentElement, options);
    if (doc.body) observer.observe(doc.body, options);
    watcher = { observer, listeners };
    watchers.set(doc, watcher);
  }
  const current = watcher;
  current.listeners.add(listener);
  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size === 0) {
      current.observer.disconnect();
      watchers.delete(doc);
    }
  };
}

/** How many elements the document's watcher serves (0 when it has none), for tests. */
export function pageThemeWatchers(doc: Document): number {
  return watchers.get(doc)?.listeners.size ?? 0;
}
