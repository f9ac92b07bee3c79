/** test/fixtures/saliency/reference.json, written by scripts/make_saliency_fixtures.py with numpy. */
export interface SaliencyReference {
  map: { shape: [number, number, number]; data: number[] };
  sum: number[];
  maxAbs: number[];
  absPercentiles: Record<string, number>;
  resizeUp: number[];
  resizeDown: number[];
  spearman: { a: number[]; b: number[]; rho: number }[];
}

/** Where the fixture is served in tests. */
export const SALIENCY_REFERENCE_URL = '/test/fixtures/saliency/reference.json';
