// Data for the hidden-state tracer stories: the trained models in models/
// (loaded with tf.loadLayersModel from /models/, as a page would) and
// seeded synthetic states for the 100,000 x 512 story.
import * as tfl from '@tensorflow/tfjs-layers';
import { ensureBackend } from '../../src/backend/use-backend.js';
import { mulberry32 } from '../../src/compute/random.js';

/** A trained model with its vocabulary and held-out sample (models/<name>/). */
export interface TrainedModel {
  model: tfl.LayersModel;
  vocab: string[];
}

const cache = new Map<string, Promise<TrainedModel>>();

/** Loads models/<name>/model.json and vocab.json once per page. */
export function trainedModel(name: string): Promise<TrainedModel> {
  if (!cache.has(name)) {
    cache.set(
      name,
      (async () => ({
        // Weights become tensors on load: the page's backend must be chosen first.
        model: await ensureBackend().then(() => tfl.loadLayersModel(`/models/${name}/model.json`)),
        vocab: (await (await fetch(`/models/${name}/vocab.json`)).json()) as string[],
      }))(),
    );
  }
  return cache.get(name)!;
}

/** The held-out bracket sequence (641 tokens) and the depth after each token. */
export async function bracketSample(): Promise<{ tokens: string[]; depth: number[] }> {
  return (await (await fetch('/models/bracket-lstm/sample.json')).json()) as { tokens: string[]; depth: number[] };
}

/** Held-out Brown corpus text, as characters. */
export async function textSample(): Promise<string[]> {
  const { text } = (await (await fetch('/models/brown-char-lstm/sample.json')).json()) as { text: string };
  return Array.from(text);
}

/** Units of the huge example that fire together on each planted motif. */
export const HUGE_MOTIF_UNITS = [7, 99, 300];
/** Where the motif is planted first: steps [1000, 1012). */
export const HUGE_FIRST_MOTIF = { start: 1000, end: 1012 };

/**
 * **Synthetic** states, 100,000 steps x 512 units (205 MB of float32): each
 * unit a slow sinusoid of its own frequency and phase, plus seeded noise,
 * squashed by tanh; units 7, 99 and 300 also rise together to ~0.9 on a
 * 12-step motif planted every ~2,500 steps (40 times, lengths 8-12).
 */
export function hugeStates(steps = 100_000, units = 512): { data: Float32Array; shape: [number, number]; tokens: string[] } {
  const random = mulberry32(512);
  const data = new Float32Array(steps * units);
  const frequency = Float32Array.from({ length: units }, () => 0.002 + random() * 0.05);
  const phase = Float32Array.from({ length: units }, () => random() * 2 * Math.PI);
  // A 4,096-entry sine table: 51 M Math.sin calls would take seconds.
  const table = Float32Array.from({ length: 4096 }, (_, i) => Math.sin((i / 4096) * 2 * Math.PI));
  const noise = Float32Array.from({ length: 65_536 }, () => (random() - 0.5) * 0.5);
  for (let t = 0; t < steps; t++) {
    const row = t * units;
    for (let u = 0; u < units; u++) {
      const angle = (frequency[u] * t + phase[u]) / (2 * Math.PI);
      const s = table[((angle - Math.floor(angle)) * 4096) | 0];
      data[row + u] = Math.tanh(0.8 * s + noise[(row + u * 31) & 65_535]) * 0.55;
    }
  }
  for (let k = 0; k < 40; k++) {
    const start = k === 0 ? HUGE_FIRST_MOTIF.start : 1000 + k * 2475 + Math.floor(random() * 400);
    const length = k === 0 ? 12 : 8 + Math.floor(random() * 5);
    for (let t = start; t < start + length; t++) for (const u of HUGE_MOTIF_UNITS) data[t * units + u] = 0.85 + random() * 0.1;
  }
  const tokens = Array.from({ length: steps }, (_, t) => `t${t}`);
  return { data, shape: [steps, units], tokens };
}
