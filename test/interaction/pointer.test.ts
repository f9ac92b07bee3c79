import { expect } from 'chai';
import { LitElement, html } from 'lit';
import {
  PointerController,
  wheelPixels,
  wheelZoomFactor,
  WHEEL_LINE_PIXELS,
  WHEEL_PAGE_PIXELS,
  type Point,
} from '../../src/elements/interaction/pointer.js';

type Call = [string, ...unknown[]];

class PointerProbe extends LitElement {
  calls: Call[] = [];
  readonly pointer = new PointerController(this, {
    hover: (point) => this.calls.push(['hover', point]),
    press: (point) => (this.calls.push(['press', point]), point.x < 150),
    drag: (from, to) => this.calls.push(['drag', from, to]),
    release: (from, to, dragged) => this.calls.push(['release', from, to, dragged]),
    cancel: () => this.calls.push(['cancel']),
    wheel: (point, delta) => (this.calls.push(['wheel', point, delta]), true),
  });
  override render() {
    return html`<div class="surface" style="position:absolute;left:10px;top:20px;width:200px;height:100px" ${this.pointer.attach()}></div>`;
  }
}
customElements.define('nn-pointer-probe', PointerProbe);

async function mount(): Promise<{ el: PointerProbe; surface: HTMLElement; at: (x: number, y: number) => { clientX: number; clientY: number } }> {
  const el = document.createElement('nn-pointer-probe') as PointerProbe;
  el.style.cssText = 'position:fixed;left:0;top:0;width:300px;height:200px';
  document.body.append(el);
  await el.updateComplete;
  const surface = el.shadowRoot!.querySelector<HTMLElement>('.surface')!;
  const box = surface.getBoundingClientRect();
  return { el, surface, at: (x, y) => ({ clientX: box.left + x, clientY: box.top + y }) };
}

const pointer = (type: string, init: PointerEventInit) => new PointerEvent(type, { bubbles: true, pointerId: 1, button: 0, ...init });

describe('PointerController', () => {
  afterEach(() => document.querySelectorAll('nn-pointer-probe').forEach((el) => el.remove()));

  it('reports points relative to the surface, and a short press as a click (dragged false)', async () => {
    const { el, surface, at } = await mount();
    surface.dispatchEvent(pointer('pointermove', at(5, 6)));
    surface.dispatchEvent(pointer('pointerdown', at(5, 6)));
    surface.dispatchEvent(pointer('pointermove', at(7, 7))); // 3 px: still a click
    surface.dispatchEvent(pointer('pointerup', at(7, 7)));
    expect(el.calls).to.deep.equal([
      ['hover', { x: 5, y: 6 }],
      ['press', { x: 5, y: 6 }],
      ['hover', { x: 7, y: 7 }],
      ['release', { x: 5, y: 6 }, { x: 7, y: 7 }, false],
    ]);
  });

  it('a press that moves past the click distance drags, and releases as a drag', async () => {
    const { el, surface, at } = await mount();
    surface.dispatchEvent(pointer('pointerdown', at(10, 10)));
    surface.dispatchEvent(pointer('pointermove', at(30, 12)));
    surface.dispatchEvent(pointer('pointerup', at(40, 12)));
    const kinds = el.calls.map((call) => call[0]);
    expect(kinds).to.deep.equal(['press', 'drag', 'hover', 'release']);
    expect(el.calls[1]).to.deep.equal(['drag', { x: 10, y: 10 }, { x: 30, y: 12 }]);
    expect(el.calls[3]).to.deep.equal(['release', { x: 10, y: 10 }, { x: 40, y: 12 }, true]);
    expect(el.pointer.isPressed).to.equal(false);
  });

  it('pointercancel ends a press without a release, and a refused press is not followed', async () => {
    const { el, surface, at } = await mount();
    surface.dispatchEvent(pointer('pointerdown', at(10, 10)));
    surface.dispatchEvent(pointer('pointercancel', at(10, 10)));
    surface.dispatchEvent(pointer('pointerup', at(10, 10)));
    expect(el.calls.map((call) => call[0])).to.deep.equal(['press', 'cancel']);
    el.calls = [];
    surface.dispatchEvent(pointer('pointerdown', at(160, 10))); // press() says no past x = 150
    surface.dispatchEvent(pointer('pointerup', at(160, 10)));
    expect(el.calls.map((call) => call[0])).to.deep.equal(['press']);
  });

  it('leaving reports hover(undefined), except while a captured press drags', async () => {
    const { el, surface, at } = await mount();
    surface.dispatchEvent(pointer('pointerleave', at(250, 10)));
    expect(el.calls).to.deep.equal([['hover', undefined]]);
    el.calls = [];
    surface.dispatchEvent(pointer('pointerdown', at(10, 10)));
    surface.dispatchEvent(pointer('pointerleave', at(250, 10)));
    expect(el.calls.map((call) => call[0])).to.deep.equal(['press']);
  });

  it('removing the element mid-press cancels the press', async () => {
    const { el, surface, at } = await mount();
    surface.dispatchEvent(pointer('pointerdown', at(10, 10)));
    el.remove();
    expect(el.calls.map((call) => call[0])).to.deep.equal(['press', 'cancel']);
  });

  it('wheel deltas arrive in pixels whatever the deltaMode, and a handled wheel does not scroll the page', async () => {
    const { el, surface, at } = await mount();
    const pixels = new WheelEvent('wheel', { deltaY: 100, deltaMode: 0, cancelable: true, ...at(1, 2) });
    const lines = new WheelEvent('wheel', { deltaY: 3, deltaMode: 1, cancelable: true, ...at(1, 2) });
    const pages = new WheelEvent('wheel', { deltaX: -1, deltaMode: 2, cancelable: true, ...at(1, 2) });
    for (const event of [pixels, lines, pages]) surface.dispatchEvent(event);
    const deltas = el.calls.map((call) => call[2] as Point);
    expect(deltas).to.deep.equal([
      { x: 0, y: 100 },
      { x: 0, y: 3 * WHEEL_LINE_PIXELS },
      { x: -WHEEL_PAGE_PIXELS, y: 0 },
    ]);
    expect(pixels.defaultPrevented).to.equal(true);
    expect(wheelPixels(lines)).to.deep.equal({ x: 0, y: 75 });
  });

  it("wheelZoomFactor is d3-zoom's 2^(delta * 0.002): up zooms in, down out, symmetric", () => {
    expect(wheelZoomFactor(-100)).to.be.closeTo(2 ** -0.2, 1e-12);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).to.be.closeTo(1, 1e-12);
    expect(wheelZoomFactor(0)).to.equal(1);
  });
});
