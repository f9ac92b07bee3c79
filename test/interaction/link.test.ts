import { expect } from 'chai';
import { LitElement } from 'lit';
import { LinkController } from '../../src/elements/base/link.js';
import { NnLinkEvent, type LinkState } from '../../src/events/events.js';

/** Two probes wired the way a link group would: each shows what the other publishes. */
class LinkProbe extends LitElement {
  shown: LinkState[] = [];
  peer?: LinkProbe;
  readonly link = new LinkController(this, {
    showLinked: (state) => {
      this.shown.push(state);
      // Showing a state moves this probe's own cursor, which it would publish if it were a gesture.
      this.link.publish(state);
    },
  });
}
customElements.define('nn-link-probe', LinkProbe);

describe('LinkController (the link seam)', () => {
  afterEach(() => document.querySelectorAll('nn-link-probe').forEach((el) => el.remove()));

  it('publish fires a composed, bubbling nn-link with the state', () => {
    const a = document.body.appendChild(document.createElement('nn-link-probe')) as LinkProbe;
    const seen: NnLinkEvent[] = [];
    document.addEventListener('nn-link', (event) => seen.push(event), { once: true });
    a.link.publish({ token: 3 });
    expect(seen).to.have.length(1);
    expect(seen[0].detail).to.deep.equal({ state: { token: 3 } });
    expect(seen[0].composed && seen[0].bubbles).to.equal(true);
  });

  it('apply shows the state without publishing it back, so A setting B cannot set A', () => {
    const a = document.body.appendChild(document.createElement('nn-link-probe')) as LinkProbe;
    const b = document.body.appendChild(document.createElement('nn-link-probe')) as LinkProbe;
    let published = 0;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      from.addEventListener('nn-link', (event) => {
        published++;
        to.link.apply(event.detail.state);
      });
    }
    a.link.publish({ token: 5, tokenRange: [2, 6] });
    expect(b.shown).to.deep.equal([{ token: 5, tokenRange: [2, 6] }]);
    expect(a.shown).to.deep.equal([]);
    expect(published).to.equal(1);
  });
});
