import { expect } from 'chai';
import '../../src/define.js';
import type { NnElement } from '../../src/elements/base/nn-element.js';
import type { AttentionHeatmap } from '../../src/elements/attention-heatmap/attention-heatmap.js';
import type { FeatureGrid } from '../../src/elements/feature-grid/feature-grid.js';
import { LinkGroup, link, linkGroup, type LinkChangeEvent } from '../../src/elements/base/link-group.js';
import type { LinkState } from '../../src/events/events.js';
import { useLeakCheck } from '../helpers/leaks.js';

/**
 * Link groups (README, "Linking"): elements with the same `link` name, or
 * linked in code, show what the user does in any of them. Every pair of
 * element kinds is linked here through real gestures (keys on the element)
 * and read back through what the other element shows.
 */

const N = 8;
const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 5) % 11) / 11);
const words = ['the', 'plot', 'was', 'dull', 'but', 'acting', 'was', 'superb'];

interface Kind {
  tag: string;
  props: () => Record<string, unknown>;
  /** The token this element shows as focused now, read from what it draws or exposes; undefined when none. */
  shownToken: (el: NnElement) => number | undefined;
}

const tooltip = (el: NnElement) => el.shadowRoot!.querySelector('[part="tooltip"]')?.textContent?.replace(/\s+/g, ' ').trim();

const kinds: Record<string, Kind> = {
  attention: {
    tag: 'nn-attention-heatmap',
    props: () => ({ attention: { data: ramp(N * N), shape: [N, N] }, tokens: words }),
    shownToken: (el) => (el as AttentionHeatmap).focusQuery,
  },
  saliency: {
    tag: 'nn-saliency-overlay',
    props: () => ({ tokens: words, saliency: words.map((_, i) => i / 10), signed: true }),
    shownToken: (el) => {
      const spans = [...el.shadowRoot!.querySelectorAll('[part="token"]')];
      const index = spans.findIndex((span) => span.classList.contains('focused'));
      return index < 0 ? undefined : index;
    },
  },
  tracer: {
    tag: 'nn-hidden-state-tracer',
    props: () => ({ states: { data: ramp(N * 4), shape: [N, 4] }, tokens: words, threshold: 0.5 }),
    shownToken: (el) => {
      const step = /step (\d+)/.exec(tooltip(el) ?? '');
      return step ? Number(step[1]) : undefined;
    },
  },
  features: {
    // Activations over a sequence: maps one row high, whose positions are the tokens (marked in every channel's strip).
    tag: 'nn-feature-grid',
    props: () => ({ activations: { data: ramp(N * 6), shape: [1, N, 6] } }),
    shownToken: (el) => (el as FeatureGrid).cell?.x,
  },
};

async function mount(kind: Kind, attributes: Record<string, string> = {}, parent: Node = document.body): Promise<NnElement> {
  const el = document.createElement(kind.tag) as NnElement;
  el.setAttribute('style', 'display: block; width: 360px; height: 240px');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  Object.assign(el, { eager: true, ...kind.props() });
  parent.appendChild(el);
  await el.updateComplete;
  expect(el.error, kind.tag).to.equal(undefined);
  return el;
}

/** Presses `key` on the element, as a reader would (focus it first, and let the blur elsewhere settle, as between two real key presses). */
function press(el: HTMLElement, key: string): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

/** Moves the element's cursor with the keys until it publishes a token other than `avoid`; returns that token. */
async function gestureToToken(el: NnElement, avoid: number | undefined): Promise<number> {
  const tokens: number[] = [];
  const take = (event: Event) => {
    const token = (event as CustomEvent<{ state: LinkState }>).detail.state.token;
    if (typeof token === 'number') tokens.push(token);
  };
  el.focus();
  await new Promise((resolve) => setTimeout(resolve, 0));
  el.addEventListener('nn-link', take);
  try {
    // Down moves the attention row (its query token); Right moves every other element along the sequence.
    for (let i = 0; i < 6 && (tokens.length === 0 || tokens.at(-1) === avoid || tokens.at(-1) === 0); i++) {
      press(el, el.tagName === 'NN-ATTENTION-HEATMAP' ? 'ArrowDown' : 'ArrowRight');
      await el.updateComplete;
    }
  } finally {
    el.removeEventListener('nn-link', take);
  }
  expect(tokens.length, `${el.tagName} published a token`).to.be.greaterThan(0);
  return tokens.at(-1)!;
}

const settle = async (...els: NnElement[]) => {
  for (const el of els) await el.updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
};

describe('link groups', () => {
  useLeakCheck('nn-attention-heatmap, nn-saliency-overlay, nn-hidden-state-tracer, nn-feature-grid, .host');

  const names = Object.keys(kinds);
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [a, b] = [names[i], names[j]];
      it(`${a} and ${b} with the same link="..." show each other's focused token, both ways`, async () => {
        const group = `pair-${a}-${b}`;
        const first = await mount(kinds[a], { link: group });
        const second = await mount(kinds[b], { link: group });
        expect(linkGroup(group).elements).to.deep.equal([first, second]);

        const fromFirst = await gestureToToken(first, undefined);
        await settle(first, second);
        expect(kinds[b].shownToken(second), `${b} shows the token ${a} focused`).to.equal(fromFirst);

        const fromSecond = await gestureToToken(second, fromFirst);
        await settle(first, second);
        expect(fromSecond, 'the second gesture moved to another token').to.not.equal(fromFirst);
        expect(kinds[a].shownToken(first), `${a} shows the token ${b} focused`).to.equal(fromSecond);
        expect(linkGroup(group).state.token).to.equal(fromSecond);
      });
    }
  }

  it('feature grid and saliency image link the position in the picture ({pixel})', async () => {
    const input = new ImageData(new Uint8ClampedArray(6 * 6 * 4).fill(120), 6, 6);
    const grid = await mount({
      ...kinds.features,
      props: () => ({ activations: { data: ramp(6 * 6 * 3), shape: [6, 6, 3] }, view: 'spatial', input }),
    });
    const image = new ImageData(new Uint8ClampedArray(6 * 6 * 4).fill(200), 6, 6);
    const saliency = await mount({ ...kinds.saliency, props: () => ({ saliency: { data: ramp(36), shape: [6, 6] }, image }) });
    link(grid, saliency);
    const pixels: LinkState['pixel'][] = [];
    grid.addEventListener('nn-link', (e) => pixels.push(e.detail.state.pixel));
    grid.focus();
    press(grid, 'ArrowRight');
    press(grid, 'ArrowRight');
    press(grid, 'ArrowDown');
    await settle(grid, saliency);
    const pixel = pixels.at(-1)!;
    expect(pixel, 'the grid published a pixel').to.be.an('object');
    expect(pixels.every((p) => p === null || (p !== undefined && 'x' in p))).to.equal(true);
    // The saliency overlay's value card names the pixel it shows.
    expect(tooltip(saliency)).to.match(new RegExp(`\\(${pixel!.x}, ${pixel!.y}\\)|x ${pixel!.x}.*y ${pixel!.y}`));
  });

  it('the attention heatmap shares its head: picking one in a linked element shows it in the other', async () => {
    const data = ramp(2 * 3 * N * N);
    const a = (await mount(kinds.attention, { link: 'heads' })) as AttentionHeatmap;
    const b = (await mount(kinds.attention, { link: 'heads' })) as AttentionHeatmap;
    Object.assign(a, { attention: { data, shape: [2, 3, N, N] } });
    Object.assign(b, { attention: { data, shape: [2, 3, N, N] }, view: 'text' });
    await settle(a, b);
    // The page sets it (a select, say), then a member's own publish carries it.
    linkGroup('heads').set({ layer: 1, head: 2 });
    await settle(a, b);
    expect([a.layer, a.head, b.layer, b.head]).to.deep.equal([1, 2, 1, 2]);
  });

  it('cannot loop: members echoing what they are shown, and change listeners answering, are dropped', async () => {
    const attention = await mount(kinds.attention);
    const tracer = await mount(kinds.tracer);
    // A careless page control: it re-publishes everything it is shown, and a listener answers every change with another.
    const echo = document.createElement('div');
    echo.className = 'host';
    document.body.append(echo);
    let echoed = 0;
    echo.addEventListener('nn-linked', (e) => {
      echoed++;
      echo.dispatchEvent(new CustomEvent('nn-link', { bubbles: true, detail: { state: (e as CustomEvent<{ state: LinkState }>).detail.state } }));
    });
    const group = link(attention, tracer, echo);
    const changes: LinkChangeEvent[] = [];
    group.addEventListener('change', (e) => {
      changes.push(e as LinkChangeEvent);
      group.set({ token: 0 });
    });
    const published: unknown[] = [];
    for (const el of [attention, tracer]) el.addEventListener('nn-link', (e) => published.push(e.detail.state));

    const token = await gestureToToken(tracer, undefined);
    await settle(attention, tracer);
    expect(published.length, 'only the gestures published').to.be.greaterThan(0);
    const gestures = published.length;
    expect(changes.length, 'one change per gesture').to.equal(gestures);
    expect(changes.every((c) => c.detail.source === tracer)).to.equal(true);
    expect(echoed, 'the echo member was shown each gesture once').to.equal(gestures);
    expect(attention.shadowRoot && (attention as AttentionHeatmap).focusQuery).to.equal(token);
    expect(group.state.token, 'the answers from listeners were dropped').to.equal(token);
    expect(published.length, 'showing a state published nothing more').to.equal(gestures);
  });

  it('elements join and leave: a late element is shown the current state, a removed one stops sharing, a renamed one moves', async () => {
    const attention = (await mount(kinds.attention, { link: 'join' })) as AttentionHeatmap;
    linkGroup('join').set({ token: 3 });
    await settle(attention);
    expect(attention.focusQuery).to.equal(3);

    // Late: it is shown token 3 as it joins.
    const tracer = await mount(kinds.tracer, { link: 'join' });
    await settle(tracer);
    expect(kinds.tracer.shownToken(tracer)).to.equal(3);

    // Leaving the page leaves the group; coming back joins again.
    tracer.remove();
    expect(linkGroup('join').has(tracer)).to.equal(false);
    linkGroup('join').set({ token: 5 });
    document.body.append(tracer);
    expect(linkGroup('join').has(tracer)).to.equal(true);
    await settle(tracer);
    expect(kinds.tracer.shownToken(tracer), 'shown the state it missed').to.equal(5);

    // Renamed: moves to the other group; unset: in none.
    tracer.setAttribute('link', 'other');
    await settle(tracer);
    expect(linkGroup('join').has(tracer)).to.equal(false);
    expect(linkGroup('other').has(tracer)).to.equal(true);
    linkGroup('join').set({ token: 1 });
    await settle(tracer);
    expect(kinds.tracer.shownToken(tracer)).to.equal(5);
    tracer.link = null;
    await settle(tracer);
    expect(linkGroup('other').has(tracer)).to.equal(false);
    // Set as a property (as React, Vue and Svelte do), it joins the same way.
    tracer.link = 'join';
    await settle(tracer);
    expect(linkGroup('join').has(tracer)).to.equal(true);
    expect(kinds.tracer.shownToken(tracer)).to.equal(1);
  });

  it('links across shadow roots: an element inside a component joins the page-level group of its name', async () => {
    const host = document.createElement('div');
    host.className = 'host';
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const inside = await mount(kinds.saliency, { link: 'shadow' }, root);
    const outside = (await mount(kinds.attention, { link: 'shadow' })) as AttentionHeatmap;
    const token = await gestureToToken(inside, undefined);
    await settle(inside, outside);
    expect(outside.focusQuery).to.equal(token);
    inside.remove();
    expect(linkGroup('shadow').has(inside)).to.equal(false);
  });

  it('a plain DOM control joins through events: a range input sets the token and follows the elements', async () => {
    const tracer = await mount(kinds.tracer, { link: 'control' });
    const attention = (await mount(kinds.attention, { link: 'control' })) as AttentionHeatmap;
    const slider = document.createElement('input');
    Object.assign(slider, { type: 'range', min: '0', max: String(N - 1), value: '0', className: 'host' });
    document.body.append(slider);
    slider.addEventListener('input', () =>
      slider.dispatchEvent(new CustomEvent('nn-link', { bubbles: true, detail: { state: { token: slider.valueAsNumber } } })),
    );
    slider.addEventListener('nn-linked', (e) => {
      const token = (e as CustomEvent<{ state: LinkState }>).detail.state.token;
      if (typeof token === 'number') slider.value = String(token);
    });
    linkGroup('control').add(slider);

    slider.value = '6';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await settle(tracer, attention);
    expect(attention.focusQuery).to.equal(6);
    expect(kinds.tracer.shownToken(tracer)).to.equal(6);

    const token = await gestureToToken(attention, 6);
    expect(slider.valueAsNumber, 'the slider follows the heatmap').to.equal(token);
    linkGroup('control').remove(slider);
  });

  it('link(a, b) in code; removing a member stops it sharing; bad nn-link details are ignored', async () => {
    const attention = (await mount(kinds.attention)) as AttentionHeatmap;
    const saliency = await mount(kinds.saliency);
    const group = link(attention, saliency);
    expect(group).to.be.instanceOf(LinkGroup);
    expect(group.name).to.equal(undefined);
    group.set({ token: 2 });
    await settle(attention, saliency);
    expect([attention.focusQuery, kinds.saliency.shownToken(saliency)]).to.deep.equal([2, 2]);
    for (const detail of [undefined, null, 7, { state: null }, { state: 'x' }]) saliency.dispatchEvent(new CustomEvent('nn-link', { detail }));
    expect(group.state.token).to.equal(2);
    group.remove(saliency);
    await gestureToToken(saliency, 2);
    await settle(attention);
    expect(attention.focusQuery, 'a removed member no longer moves the others').to.equal(2);
    group.clear();
    await settle(attention);
    expect(attention.focusQuery).to.equal(undefined);
  });
});
