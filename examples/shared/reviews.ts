// Shared by the React, Vue and Svelte examples (each imports it from ../../shared).
// The data of the dashboard: the review-sentiment model of the repository's
// models/ folder (embedding 16 → mean over tokens → dense 16 → 2 logits),
// its hand-written sentences, and the embedding of each of their tokens,
// read from the model's weights (the 16 numbers the model starts from at
// each step, which the hidden-state tracer plots).

/** Where the model is served (vite.config.ts: publicDir). */
export const MODEL_URL = `${import.meta.env.BASE_URL}model.json`;

/** The methods the dashboard offers for the saliency overlay. */
export const METHODS = ['integrated-gradients', 'gradient-x-input', 'gradient'] as const;

/** A sentence, its word ids and the embedding of each word, `[tokens, 16]`. */
export interface Review {
  tokens: string[];
  ids: number[];
  embeddings: { data: Float32Array; shape: [number, number] };
}

interface ModelJson {
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

async function json<T>(file: string): Promise<T> {
  const response = await fetch(`${import.meta.env.BASE_URL}${file}`);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Loads the sentences and their token embeddings. */
export async function loadReviews(): Promise<Review[]> {
  const [{ sentences }, model] = await Promise.all([
    json<{ sentences: { tokens: string[]; ids: number[] }[] }>('sentences.json'),
    json<ModelJson>('model.json'),
  ]);
  // The embedding table is the first weight of the first shard.
  const [group] = model.weightsManifest;
  const [table] = group.weights;
  if (table.name !== 'embedding/embeddings' || table.dtype !== 'float32' || table.shape.length !== 2) {
    throw new Error(`model.json: expected the embedding table first, found ${table.name} [${table.shape}]`);
  }
  const response = await fetch(`${import.meta.env.BASE_URL}${group.paths[0]}`);
  if (!response.ok) throw new Error(`${group.paths[0]}: HTTP ${response.status}`);
  const [vocabulary, width] = table.shape;
  const weights = new Float32Array(await response.arrayBuffer(), 0, vocabulary * width);
  return sentences.map(({ tokens, ids }) => {
    const data = new Float32Array(ids.length * width);
    ids.forEach((id, t) => data.set(weights.subarray(id * width, (id + 1) * width), t * width));
    return { tokens, ids, embeddings: { data, shape: [ids.length, width] } };
  });
}
