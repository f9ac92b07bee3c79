// The article's page script: it feeds the two figures that take a model the
// page loads itself, bridges the link groups of figures that count tokens
// differently, and drives the sticky attention figure from the scroll.
//
// Link groups (nnscope's `link="name"`; one shared state per name):
//   review       words of the sentence: the text saliency figure and the prose's words
//   pieces       WordPiece tokens ([CLS] word… [SEP]): the two attention figures
//   chars        characters: the LSTM tracer
//   digit-pixels the MNIST picture's pixels: the digit saliency figure
//   digit-cells  conv2 positions and channels: the two feature grid figures
// A token is a different thing in each of the first three, and a pixel is not
// a conv2 position, so the page maps one to the other through the groups'
// `change` events; that mapping is the only cross-figure logic here.
/* global IntersectionObserver, CustomEvent -- a browser page */
import { ensureBackend, linkGroup, loadLayersModel, receptiveField } from '/dist/nnscope.js';

const sentence = await fetch('data/sentence.json').then((response) => response.json());

// ---------------------------------------------------------------- models

/** Runs `start` once, when `element` comes within two screens of the viewport: before the element itself starts (one screen), so that its model is there when it does. */
function whenNear(element, start) {
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      start();
    },
    { rootMargin: '200% 0px' },
  );
  observer.observe(element);
}

const models = new Map();
/** models/<name>/model.json, loaded once, after the page's backend is chosen (weights become tensors on load). */
function model(name) {
  if (!models.has(name))
    models.set(
      name,
      ensureBackend().then(() => loadLayersModel(`/models/${name}/model.json`)),
    );
  return models.get(name);
}

const features = document.getElementById('features');
const blocks = document.getElementById('blocks');
/** conv2's receptive fields on the digit and the sizes of both grids, once the network is loaded: how pixels and positions correspond. */
let field;
let cellsSize; // conv2's [height, width] (11 x 11)
let pixelsSize; // the input's [height, width] (28 x 28)
for (const grid of [features, blocks]) {
  whenNear(grid, async () => {
    const mnist = await model('mnist-cnn');
    field = receptiveField(mnist, 'conv2');
    cellsSize = mnist.getLayer('conv2').outputShape.slice(1, 3);
    pixelsSize = mnist.inputs[0].shape.slice(1, 3);
    grid.input = 'data/digit-3.png';
    grid.model = mnist;
  });
}

const tracer = document.getElementById('tracer');
whenNear(tracer, async () => {
  const lstm = await model('brown-char-lstm');
  tracer.tokens = Array.from(sentence.text);
  tracer.input = sentence.charIds;
  tracer.model = lstm;
});

// ---------------------------------------------------------------- words ↔ pieces ↔ characters

const words = linkGroup('review');
const pieces = linkGroup('pieces');
const chars = linkGroup('chars');

/** First WordPiece token of each word, and the span [start, end) of each word's characters. */
const pieceOfWord = sentence.words.map((_, word) => sentence.wordOfToken.indexOf(word));
const charSpans = [];
for (const [word, text] of sentence.words.entries()) {
  const start = word === 0 ? 0 : charSpans[word - 1][1] + 1;
  charSpans.push([start, start + text.length]);
}
const wordOfChar = (t) => charSpans.findIndex(([start, end]) => t >= start && t < end);

let bridging = false;
/** Shows `word` (or nothing, for null) in every group except `from`, the one it came from. */
function showWord(word, from) {
  bridging = true;
  try {
    if (from !== words) words.set({ token: word });
    // A word's first piece; in the tracer, its last character: the state after reading the word.
    if (from !== pieces) pieces.set({ token: word === null ? null : pieceOfWord[word] });
    if (from !== chars) chars.set({ token: word === null ? null : charSpans[word][1] - 1 });
  } finally {
    bridging = false;
  }
}

/** Passes `group`'s token changes on to the other groups, as words (`toWord` maps the group's token; -1 or null is none). */
function bridge(group, toWord) {
  group.addEventListener('change', (event) => {
    const { token } = event.detail.state;
    if (bridging || token === undefined) return;
    const word = token === null ? null : toWord(token);
    showWord(word === null || word < 0 ? null : word, group);
  });
}
bridge(words, (word) => word);
bridge(pieces, (piece) => sentence.wordOfToken[piece] ?? null);
bridge(chars, wordOfChar);

// The prose's words: each paragraph that names them joins the word group, marks the word in focus when told
// (`nn-linked`) and tells the group what the reader points at (`nn-link`).
const proseWords = document.querySelectorAll('[data-word]');
for (const paragraph of new Set(Array.from(proseWords, (span) => span.parentElement))) {
  const mark = (word) => {
    for (const span of paragraph.querySelectorAll('[data-word]')) span.classList.toggle('focused', Number(span.dataset.word) === word);
  };
  const publish = (word) => {
    mark(word);
    paragraph.dispatchEvent(new CustomEvent('nn-link', { bubbles: true, composed: true, detail: { state: { token: word } } }));
  };
  const wordAt = (node) => node?.closest?.('[data-word]');
  paragraph.addEventListener('nn-linked', (event) => {
    if (event.detail.state.token !== undefined) mark(event.detail.state.token);
  });
  paragraph.addEventListener('pointerover', (event) => {
    const span = wordAt(event.target);
    if (span) publish(Number(span.dataset.word));
  });
  paragraph.addEventListener('pointerout', (event) => {
    if (wordAt(event.target) && !wordAt(event.relatedTarget)) publish(null);
  });
  paragraph.addEventListener('focusin', (event) => {
    const span = wordAt(event.target);
    if (span) publish(Number(span.dataset.word));
  });
  paragraph.addEventListener('focusout', () => publish(null));
  words.add(paragraph);
}

// ---------------------------------------------------------------- pixels ↔ conv2 positions

const pixels = linkGroup('digit-pixels');
const cells = linkGroup('digit-cells');
const clamp = (value, size) => Math.max(0, Math.min(size - 1, value));
let mapping = false;
pixels.addEventListener('change', (event) => {
  const { pixel } = event.detail.state;
  if (mapping || pixel === undefined || !field) return;
  const cell = (value, axis) => clamp(Math.round((value - field.start[axis]) / field.jump[axis]), cellsSize[axis]);
  mapping = true;
  try {
    cells.set({ pixel: pixel && { x: cell(pixel.x, 1), y: cell(pixel.y, 0) } });
  } finally {
    mapping = false;
  }
});
cells.addEventListener('change', (event) => {
  const { pixel } = event.detail.state;
  if (mapping || pixel === undefined || !field) return;
  const centre = (value, axis) => clamp(Math.round(field.start[axis] + value * field.jump[axis]), pixelsSize[axis]);
  mapping = true;
  try {
    pixels.set({ pixel: pixel && { x: centre(pixel.x, 1), y: centre(pixel.y, 0) } });
  } finally {
    mapping = false;
  }
});

// ---------------------------------------------------------------- the sticky figure follows the steps

const attention = document.getElementById('attention');
const caption = document.getElementById('attention-caption');
const steps = document.querySelectorAll('.step');

function describe(text) {
  const label = document.createElement('b');
  label.textContent = 'Figure 1.';
  caption.replaceChildren(label, ` ${text}`);
}

/** Sets the figure's attributes from the step in the middle of the screen. */
function showStep(step) {
  for (const other of steps) other.classList.toggle('active', other === step);
  attention.setAttribute('layer', step.dataset.layer);
  attention.setAttribute('head', step.dataset.head);
  attention.toggleAttribute('rollout', step.dataset.rollout !== undefined);
  describe(step.dataset.caption);
}

// The root is shrunk to a line 62% of the way down the screen (below the sticky figure on a narrow
// screen): the step crossing it is the step being read.
const stepObserver = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) if (entry.isIntersecting) showStep(entry.target);
  },
  { rootMargin: '-62% 0px -37% 0px' },
);
for (const step of steps) stepObserver.observe(step);

// A head pointed at or picked in Figure 2 is shown by Figure 1 through the group; its caption says so, and rollout gives way.
pieces.addEventListener('change', (event) => {
  const { layer, head } = event.detail.state;
  if (layer === undefined || event.detail.source === attention) return;
  attention.removeAttribute('rollout');
  describe(`Layer ${layer}, head ${head}, from Figure 2.`);
});

// ---------------------------------------------------------------- Figure 4's method

const digit = document.getElementById('digit-saliency');
const methodButtons = document.querySelectorAll('.methods [data-method]');
for (const button of methodButtons) {
  button.addEventListener('click', () => {
    for (const other of methodButtons) other.setAttribute('aria-pressed', String(other === button));
    digit.setAttribute('method', button.dataset.method);
  });
}
