import { expect } from 'chai';
import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../../../src/tf.js';
import { gradCam } from '../../../src/compute/attribution/grad-cam.js';
import { forEachBackend } from '../../helpers/backends.js';
import { expectNoLeak, tensorBaseline } from '../../helpers/leaks.js';
import { expectClose, expectRejection, onCpu, take } from './support.js';

/**
 * input [4, 4, 1] -> conv "conv" (2 x 2, stride 2, no bias; filter 0 all +1,
 * filter 1 all -1) -> global average pool -> dense "logits" (no bias,
 * W = [[1, -1], [0.5, 2]], row = channel, column = class).
 * With S the 2 x 2 block sums of x: A_0 = S, A_1 = -S, y_t = Σ_c W[c][t] mean(A_c),
 * so ∂y_t/∂A_ijc = W[c][t] / 4 and the Grad-CAM weights are w_c = W[c][t] / 4:
 *   target 0: ReLU(S/4 - 0.5 S/4) = ReLU(S / 8);  target 1: ReLU(-S/4 - 2 S/4) = ReLU(-3 S / 4).
 * With `skip`, a second path input -> flatten -> dense "skip" (0.1 into class 0)
 * is added to the logits: it changes y but not ∂y/∂A, so not the map.
 */
function camModel(skip = false): tfl.LayersModel {
  const input = tfl.input({ shape: [4, 4, 1], name: 'image' });
  const conv = tfl.layers.conv2d({ name: 'conv', filters: 2, kernelSize: 2, strides: 2, useBias: false });
  const head = tfl.layers.dense({ name: 'logits', units: 2, useBias: false });
  const chain = (layer: tfl.layers.Layer, from: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(from) as tfl.SymbolicTensor;
  let output = chain(head, chain(tfl.layers.globalAveragePooling2d({ name: 'gap' }), chain(conv, input)));
  const bypass = tfl.layers.dense({ name: 'skip', units: 2, useBias: false });
  if (skip) output = chain(tfl.layers.add({ name: 'sum' }), [output, chain(bypass, chain(tfl.layers.flatten({ name: 'flat' }), input))]);
  const model = tfl.model({ inputs: input, outputs: output });
  conv.setWeights([tf.tensor4d([1, -1, 1, -1, 1, -1, 1, -1], [2, 2, 1, 2])]);
  head.setWeights([
    tf.tensor2d([
      [1, -1],
      [0.5, 2],
    ]),
  ]);
  if (skip) bypass.setWeights([tf.tensor2d(Array.from({ length: 16 }, () => [0.1, 0]))]);
  return model;
}

// Blocks (row-major): [[1, 2], [3, 4]] S = 10; all -1, S = -4; [[0, 1], [0, 1]] S = 2; [[-3, 0], [0, 0]] S = -3.
const X = [
  [1, 2, -1, -1],
  [3, 4, -1, -1],
  [0, 1, -3, 0],
  [0, 1, 0, 0],
];
const S = [
  [10, -4],
  [2, -3],
];
const MAPS = [S.map((row) => row.map((s) => Math.max(0, s / 8))), S.map((row) => row.map((s) => Math.max(0, (-3 * s) / 4)))];
const SCORES = [0.625, -3.75]; // 0.5 · mean(S) and -3 · mean(S), mean(S) = 1.25

/** Bilinear 2 -> 4 with half-pixel centres: output i samples input (i + 0.5) / 2 - 0.5, clamped at the edges. */
function upsample(map: number[][]): number[] {
  const taps = [
    [1, 0],
    [0.75, 0.25],
    [0.25, 0.75],
    [0, 1],
  ];
  const out: number[] = [];
  for (const [r0, r1] of taps) for (const [c0, c1] of taps) out.push(r0 * (c0 * map[0][0] + c1 * map[0][1]) + r1 * (c0 * map[1][0] + c1 * map[1][1]));
  return out;
}

describe('gradCam', () => {
  forEachBackend((backend) => {
    it('gradCam(model, x, { layer: "conv", target }) is ReLU(Σ w_c A_c), derived by hand, upsampled to 4 x 4', async () => {
      const model = camModel();
      const x = tf.tensor3d(X.map((row) => row.map((v) => [v])));
      for (const target of [0, 1]) {
        const { attribution, layerMap, score } = await gradCam(model, x, { layer: 'conv', target });
        expect(attribution.shape).to.deep.equal([4, 4]);
        expect(layerMap.shape).to.deep.equal([2, 2]);
        expectClose(await take(layerMap), MAPS[target].flat(), 1e-5, `layer map, target ${target}`);
        expectClose(await take(attribution), upsample(MAPS[target]), 1e-5, `upsampled, target ${target}`);
        expect(score).to.be.closeTo(SCORES[target], 1e-5);
      }
      expect(x.isDisposed).to.equal(false);
      tf.dispose(x);
      model.dispose();
    });

    it('gradCam is unchanged by a path that bypasses the layer (a functional model with a skip connection)', async () => {
      const model = camModel(true);
      const x = tf.tensor3d(X.map((row) => row.map((v) => [v])));
      const { attribution, layerMap, score } = await gradCam(model, x, { layer: 'conv', target: 0 });
      expectClose(await take(layerMap), MAPS[0].flat(), 1e-5);
      attribution.dispose();
      expect(score).to.be.closeTo(SCORES[0] + 0.1 * X.flat().reduce((a, b) => a + b, 0), 1e-5);
      tf.dispose(x);
      model.dispose();
    });

    it('gradCam equals the cpu result', async () => {
      const run = async () => {
        const model = camModel(true);
        const x = tf.tensor3d(X.map((row) => row.map((v) => [v * 0.7 - 0.2])));
        const { attribution, layerMap } = await gradCam(model, x, { layer: 'conv', target: 1 });
        layerMap.dispose();
        x.dispose();
        model.dispose();
        return take(attribution);
      };
      const here = await run();
      expectClose(here, await onCpu(backend, run), 1e-5);
    });

    it('gradCam leaks nothing, and an abort before it starts makes nothing', async () => {
      const model = camModel();
      const x = tf.tensor3d(X.map((row) => row.map((v) => [v])));
      await expectNoLeak(async () => {
        const { attribution, layerMap } = await gradCam(model, x, { layer: 'conv', target: 0 });
        tf.dispose([attribution, layerMap]);
      });
      const controller = new AbortController();
      controller.abort(new Error('closed'));
      const baseline = tensorBaseline();
      await expectRejection(gradCam(model, x, { layer: 'conv', target: 0, signal: controller.signal }), /closed/);
      baseline.check();
      tf.dispose(x);
      model.dispose();
    });

    it('gradCam rejects an unknown layer or one without spatial dimensions, listing the layers that have them', async () => {
      const model = camModel();
      const x = tf.zeros([4, 4, 1]);
      await expectRejection(gradCam(model, x, { layer: 'conv9', target: 0 }), /no layer "conv9"\. Layers with a spatial output: "conv"\.$/);
      await expectRejection(
        gradCam(model, x, { layer: 'logits', target: 0 }),
        /layer "logits" outputs \[,2\], which has no spatial dimensions.*"conv"/,
      );
      await expectRejection(gradCam(model, x, { layer: 'conv', target: 2 }), /target 2 is out of range; the model has 2 classes/);
      const wrong = tf.zeros([5, 4, 1]);
      await expectRejection(
        gradCam(model, wrong, { layer: 'conv', target: 0 }),
        /x has shape \[5,4,1\], but the model takes examples of shape \[4,4,1\]/,
      );
      tf.dispose([x, wrong]);
      model.dispose();
    });
  });
});
