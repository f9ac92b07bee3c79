// A small dashboard: which words drive the review-sentiment model's
// "positive" score (saliency overlay), beside the embedding each word starts
// from (hidden-state tracer), linked by token. Picking a review or a method
// sets element properties; clicking a word (nn-select) and hovering a step
// (nn-hover) update React state.
import { useState } from 'react';
// JSX types for <nn-*>: properties and `onnn-*` event props.
import type {} from 'nnscope/react';
import type { HiddenStateHoverDetail, SaliencyMethod, SaliencyTokenDetail } from 'nnscope';
import { METHODS, MODEL_URL, type Review } from '../../shared/reviews.ts';

export function Dashboard({ reviews }: { reviews: Review[] }) {
  const [index, setIndex] = useState(0);
  const [method, setMethod] = useState<SaliencyMethod>('integrated-gradients');
  const [pinned, setPinned] = useState<SaliencyTokenDetail | null>(null);
  const [step, setStep] = useState<HiddenStateHoverDetail | null>(null);
  const review = reviews[index];

  return (
    <main>
      <h1>Why the model calls a review positive</h1>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <label>
          Review{' '}
          <select
            name="review"
            value={index}
            onChange={(event) => {
              setIndex(Number(event.target.value));
              setPinned(null);
            }}
          >
            {reviews.map((r, i) => (
              <option key={i} value={i}>
                {r.tokens.slice(0, 6).join(' ')}…
              </option>
            ))}
          </select>
        </label>
        <label>
          Method{' '}
          <select name="method" value={method} onChange={(event) => setMethod(event.target.value as SaliencyMethod)}>
            {METHODS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </form>

      <nn-saliency-overlay
        link="dash"
        model={MODEL_URL}
        tokens={review.tokens}
        tokenIds={review.ids}
        target={1}
        labels={['negative', 'positive']}
        method={method}
        steps={16}
        signed
        onnn-select={(event) => setPinned(event.detail.kind === 'saliency-token' ? event.detail : null)}
      ></nn-saliency-overlay>

      <p className="caption">The 16 embedding values each word starts from (the model averages them, then scores): hover a step or a word.</p>
      <nn-hidden-state-tracer
        link="dash"
        states={review.embeddings}
        tokens={review.tokens}
        onnn-hover={(event) => setStep(event.detail)}
      ></nn-hidden-state-tracer>

      <p className="readout" id="pinned">
        Pinned word: {pinned ? `${pinned.text} (${pinned.value.toFixed(3)})` : 'none (click a word)'}
      </p>
      <p className="readout" id="step">
        Tracer step: {step ? `${step.t} "${step.token}", unit ${step.unit}` : 'none (hover the tracer)'}
      </p>
    </main>
  );
}
