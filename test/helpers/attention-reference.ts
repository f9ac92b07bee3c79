/**
 * numpy's reference for the attention tests, written by
 * scripts/make_attention_fixtures.py: a softmax attention [3 layers, 2 heads,
 * 5, 5], each layer's mean and max over heads, and rollout through each layer
 * (float64).
 */
export interface RolloutReference {
  attention: number[];
  shape: [number, number, number, number];
  mean_heads: number[][];
  max_heads: number[][];
  rollout: number[][];
}

export async function loadRolloutReference(): Promise<RolloutReference> {
  const response = await fetch('/test/fixtures/attention/rollout.json');
  if (!response.ok) throw new Error(`rollout.json: HTTP ${response.status}`);
  return (await response.json()) as RolloutReference;
}
