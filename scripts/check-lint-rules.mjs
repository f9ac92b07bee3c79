// Proves the house lint rules in eslint.config.js can fail: lints small
// in-memory files at chosen paths under src/ and checks that each import
// boundary (elements → render → scales, elements → compute → data; backend/
// and events/ as leaves) reports an error where the flow is broken, and
// nothing where it is followed; and that the Lit and custom-element plugin
// rules are switched on for element code. Run by `npm test` after
// `npm run lint`.
import { ESLint } from 'eslint';

const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.js` });

// [file the code lives in, import specifier, should no-restricted-imports fire?]
const cases = [
  // data: the bottom layer imports only tf.ts and the leaves.
  ['src/data/x.ts', '../compute/index.js', true],
  ['src/data/x.ts', '../scales/index.js', true],
  ['src/data/x.ts', '../render/index.js', true],
  ['src/data/x.ts', '../elements/base/nn-element.js', true],
  ['src/data/x.ts', '../index.js', true],
  ['src/data/x.ts', 'lit', true],
  ['src/data/x.ts', '../tf.js', false],
  ['src/data/x.ts', './npy.js', false],
  ['src/data/x.ts', '../events/index.js', false],
  // compute: may use data, not anything that draws.
  ['src/compute/attribution/x.ts', '../../render/heatmap.js', true],
  ['src/compute/attribution/x.ts', '../../scales/colormap.js', true],
  ['src/compute/attribution/x.ts', '../../elements/saliency-overlay/explain.js', true],
  ['src/compute/x.ts', '../define.js', true],
  ['src/compute/x.ts', 'lit/decorators.js', true],
  ['src/compute/attribution/x.ts', '../../data/index.js', false],
  ['src/compute/attribution/x.ts', '../../tf.js', false],
  ['src/compute/attribution/x.ts', '../pool.js', false],
  ['src/compute/x.ts', '../backend/index.js', false],
  // a sibling whose name only starts with a layer's name is not that layer
  ['src/compute/attribution/x.ts', '../scales-of-x.js', false],
  // `../` counts from the file's depth: one level up from a subfolder is the
  // layer itself (compute's barrel), not src/
  ['src/compute/attribution/x.ts', '../index.js', false],
  ['src/compute/attribution/x.ts', '../render/x.js', false],
  ['src/compute/attribution/x.ts', '../../index.js', true],
  ['src/compute/a/b/x.ts', '../../../render/heatmap.js', true],
  ['src/compute/a/b/c/d/x.ts', '../../../../../render/heatmap.js', true],
  ['src/compute/a/b/c/d/x.ts', '../../../../../data/index.js', false],
  // scales: pure colour and value maths.
  ['src/scales/x.ts', '../render/index.js', true],
  ['src/scales/x.ts', '../compute/index.js', true],
  ['src/scales/x.ts', '../data/index.js', true],
  ['src/scales/x.ts', '../elements/index.js', true],
  ['src/scales/x.ts', 'd3-scale-chromatic', false],
  // render: draws with scales, never reaches up into elements or sideways into compute.
  ['src/render/x.ts', '../elements/base/nn-element.js', true],
  ['src/render/x.ts', '../compute/index.js', true],
  ['src/render/x.ts', '../data/index.js', true],
  ['src/render/x.ts', '../scales/colormap.js', false],
  ['src/render/x.ts', 'lit', false],
  // the leaves import no other layer
  ['src/backend/x.ts', '../compute/index.js', true],
  ['src/backend/x.ts', '../events/index.js', true],
  ['src/backend/x.ts', '../tf.js', false],
  ['src/events/x.ts', '../elements/index.js', true],
  ['src/events/x.ts', '../backend/index.js', true],
  // elements sit on top and may import every layer
  ['src/elements/attention-heatmap/x.ts', '../../compute/index.js', false],
  ['src/elements/attention-heatmap/x.ts', '../../render/heatmap.js', false],
  ['src/elements/attention-heatmap/x.ts', '../../data/index.js', false],
  ['src/elements/attention-heatmap/x.ts', '../base/nn-element.js', false],
  // tfjs-layers' internals only through src/compute/layers-executor.ts
  ['src/compute/attribution/x.ts', '@tensorflow/tfjs-layers/dist/engine/executor.js', true],
  ['src/elements/saliency-overlay/x.ts', '@tensorflow/tfjs-layers/dist/engine/executor.js', true],
  ['src/compute/layers-executor.ts', '@tensorflow/tfjs-layers/dist/engine/executor.js', false],
  ['src/compute/layers-executor.ts', '../render/heatmap.js', true],
  ['src/compute/attribution/x.ts', '@tensorflow/tfjs-layers', false],
  // the per-layer blocks keep the src-wide unsafe-html ban
  ['src/elements/attention-heatmap/x.ts', 'lit/directives/unsafe-html.js', true],
  ['src/render/x.ts', 'lit/directives/unsafe-html.js', true],
  ['src/data/x.ts', 'lit-html/directives/unsafe-html.js', true],
];

const failures = [];
for (const [filePath, specifier, shouldFire] of cases) {
  // A type-only import crosses a boundary as much as a value import does,
  // so both forms are checked.
  for (const code of [`import '${specifier}';\n`, `export type { X } from '${specifier}';\n`]) {
    const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
    if (result.messages.some((m) => m.fatal)) {
      failures.push(`${filePath}: could not lint ${JSON.stringify(code)}: ${result.messages[0].message}`);
      continue;
    }
    const fired = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
    if (shouldFire && fired.length === 0) {
      failures.push(`${filePath}: ${JSON.stringify(code.trim())} should be a no-restricted-imports error but passes`);
    } else if (!shouldFire && fired.length > 0) {
      failures.push(`${filePath}: ${JSON.stringify(code.trim())} should pass but reports: ${fired.map((m) => m.message).join('; ')}`);
    }
  }
}

// Lit / custom-element rules: [rule expected, code]; null expects no error.
const element = 'src/elements/x/x.ts';
const elementCases = [
  ['lit/no-duplicate-template-bindings', "import { html } from 'lit';\nexport const t = (a: number) => html`<div .x=${a} .x=${a}></div>`;\n"],
  ['lit/binding-positions', "import { html } from 'lit';\nexport const t = (a: string) => html`<${a}></${a}>`;\n"],
  [
    'lit/lifecycle-super',
    "import { LitElement } from 'lit';\nexport class A extends LitElement {\n  override connectedCallback() {\n    this.id = 'a';\n  }\n}\n",
  ],
  [
    'lit/no-classfield-shadowing',
    "import { LitElement } from 'lit';\nexport class A extends LitElement {\n  static override properties = { view: { type: String } };\n  view = 'matrix';\n}\n",
  ],
  [
    'wc/require-listener-teardown',
    "export class A extends HTMLElement {\n  connectedCallback() {\n    window.addEventListener('resize', this.onResize);\n  }\n  onResize = () => {};\n}\n",
  ],
  [
    null,
    "import { LitElement, html } from 'lit';\nexport class A extends LitElement {\n  override connectedCallback() {\n    super.connectedCallback();\n    window.addEventListener('resize', this.onResize);\n  }\n  override disconnectedCallback() {\n    super.disconnectedCallback();\n    window.removeEventListener('resize', this.onResize);\n  }\n  onResize = () => {};\n  override render() {\n    return html`<div .x=${this.id}></div>`;\n  }\n}\n",
  ],
];
for (const [rule, code] of elementCases) {
  const [result] = await eslint.lintText(code, { filePath: `${root}${element}` });
  const errors = result.messages.filter((m) => m.severity === 2);
  if (rule === null && errors.length > 0) {
    failures.push(`${element}: a correct element should pass but reports: ${errors.map((m) => `${m.ruleId}: ${m.message}`).join('; ')}\n${code}`);
  } else if (rule !== null && !errors.some((m) => m.ruleId === rule)) {
    failures.push(`${element}: ${rule} should fire on:\n${code}  but got: ${errors.map((m) => m.ruleId).join(', ') || 'no errors'}`);
  }
}
const total = cases.length * 2 + elementCases.length;

if (failures.length > 0) {
  console.error(`check-lint-rules: ${failures.length} of ${total} lint expectations failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-lint-rules: ${total} expectations hold (${cases.length * 2} import boundaries, ${elementCases.length} Lit/custom-element rules)`);
