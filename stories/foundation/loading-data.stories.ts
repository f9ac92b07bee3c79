import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { AUTO_BACKEND_ORDER } from '../../src/backend/use-backend.js';
import { COLORMAP_CHOICES, FIXTURES, tensorInspector, type InspectorArgs } from './tensor-inspector.js';

const description = `
\`loadTensor\` turns the data a user has into a **new float32 \`tf.Tensor\`**: a URL, the bytes of a
file, a \`File\` from a file input or a drop, or a plain JS array. The caller owns the tensor and
disposes it.

\`\`\`ts
import { loadTensor } from 'nnscope';

const t = await loadTensor('/attn.npy');
console.log(t.shape); // [12, 64, 64]
t.dispose();
\`\`\`

**Formats** are recognised by their first bytes, not the file name, so \`/api/attention?id=3\` works:

- \`.npy\` from \`np.save\`: format 1.0 to 3.0, C or Fortran order, either byte order;
- \`.npz\` from \`np.savez\` and \`np.savez_compressed\`;
- \`.safetensors\`;
- JSON: a nested array, or \`{"data": [...], "shape": [...]}\`; Python's \`NaN\` and \`Infinity\`, and \`null\`, are read.

Every dtype becomes float32 the way numpy's \`a.astype(np.float32)\` rounds it: float16, bfloat16,
float64, int8 to int64, uint8 to uint64, bool. NaN and ±Infinity are kept, and nnscope's views draw
them as "no value".

**One array of many.** An \`.npz\` or \`.safetensors\` file holds several arrays: name one after
\`#\` in the URL, or with the \`name\` option. An unknown name fails with the names the file holds.

\`\`\`ts
const attention = await loadTensor('/bert.npz#attention');
const query = await loadTensor('/model.safetensors', { name: 'layer.0.query' });
\`\`\`

**The reader's own file.** Pass the \`File\` from \`<input type="file">\` or a drop. It is read
in the browser; nothing is uploaded.

\`\`\`ts
input.addEventListener('change', async () => {
  const tensor = await loadTensor(input.files[0]);
});
\`\`\`

**Options**

- \`rank\`: the ranks you accept, e.g. \`[2, 3, 4]\`; any other fails with a message naming the shape.
- \`source\`: what the input is, in your words; error messages start with it.
- \`signal\`: an \`AbortSignal\`; abort the older load when a newer input arrives.
- \`name\`: the array to take from an npz or safetensors file (like \`#name\`).

**Errors.** Every problem with the input (an HTTP error, a truncated file, an unsupported dtype, a
ragged array, an unknown array name) rejects with an \`NnDataError\` whose message says what is wrong
and where. Show it to the user as text; anything else is a bug.

\`\`\`ts
import { loadTensor, NnDataError } from 'nnscope';

try {
  const tensor = await loadTensor(url, { source: 'attention', rank: [2, 3, 4] });
} catch (error) {
  if (error instanceof NnDataError) status.textContent = error.message;
  else throw error;
}
\`\`\`

**Backend.** The tensor lives on the backend in use: \`await useBackend('auto')\` picks webgpu,
else webgl, else the CPU, and resolves to its name.

Below, load a sample file or drop your own. The panel shows the shape, the dtype the file stored,
the backend, the finite range, the NaN and infinity counts, and a heatmap of the first 2-D slice
drawn with nnscope's own renderers (hover a cell for its value).
`;

const meta = {
  title: 'Foundation/Loading data',
  tags: ['autodocs'],
  render: (args) => tensorInspector(args),
  args: {
    src: `${FIXTURES}npy_u1_na_c.npy`,
    colormap: 'auto',
    backend: 'auto',
  },
  argTypes: {
    src: { control: 'text', description: 'URL of a .npy, .npz, .safetensors or .json file; `#name` picks an array' },
    truncate: { control: { type: 'number', min: 0 }, description: 'Load only the first N bytes (shows the truncated-file error)' },
    colormap: { control: 'select', options: COLORMAP_CHOICES, description: "Heatmap colours; 'auto' is diverging for signed data" },
    backend: {
      control: 'inline-radio',
      options: ['auto', ...AUTO_BACKEND_ORDER],
      description: "The backend `useBackend` selects; 'auto' tries webgpu, webgl, cpu",
    },
  },
  parameters: {
    docs: { description: { component: description } },
  },
} satisfies Meta<InspectorArgs>;

export default meta;
type Story = StoryObj<InspectorArgs>;

/** An npy file that numpy wrote with `np.save`: uint8 values, shape [2, 3, 4]. The smallest call. */
export const Default: Story = {};

/**
 * `#name` picks one array of a safetensors (or npz) file; this one is stored as
 * bfloat16 and holds NaN and ±Infinity, drawn as "no value" and counted.
 */
export const ArrayByName: Story = {
  name: 'Array by name',
  args: { src: `${FIXTURES}st_all.safetensors#layer.bf16` },
};

/** The dark theme (also in the toolbar) with a rank-5 float32 array: the heatmap shows slice [0, 0, 0, :, :]. */
export const Dark: Story = {
  args: { src: `${FIXTURES}npy_rank5_f4.npy` },
  globals: { theme: 'dark' },
};

/** The first 200 of a 224-byte npy file: the message says how many data bytes are missing. */
export const ErrorTruncatedFile: Story = {
  name: 'Error: truncated file',
  args: { src: `${FIXTURES}npy_f4_le_c.npy`, truncate: 200 },
};

/** A JSON nested array whose last row is short: the message names the index of the ragged element. */
export const ErrorRaggedArray: Story = {
  name: 'Error: ragged array',
  args: { src: `${FIXTURES}json_ragged.json` },
};
