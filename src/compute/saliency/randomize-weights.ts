import { tf } from '../../tf.js';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * A copy of `model` with every weight tensor redrawn at random: each from a
 * normal distribution with mean 0 and the standard deviation of the trained
 * tensor it replaces (so activations keep their scale), seeded. This is the
 * "full randomisation" model of Adebayo et al. (2018, "Sanity Checks for
 * Saliency Maps"): an explanation method that shows the same map for it as
 * for the trained model does not explain what the model learned. The copy
 * is a new model (the caller disposes it); `model` is not changed.
 *
 * @example
 * ```ts
 * const random = await randomizedCopy(model, 1);
 * // compare vanillaGradient(scoreFor(model, 3), x) with vanillaGradient(scoreFor(random, 3), x)
 * random.dispose();
 * ```
 */
export async function randomizedCopy(model: LayersModel, seed = 0): Promise<LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('randomizedCopy: the model could not be serialised.');
  const copy = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
  const weights = copy.getWeights();
  const spreads = tf.tidy(() => tf.stack(weights.map((w) => tf.sqrt(tf.moments(w).variance))));
  const sigma = await spreads.data();
  spreads.dispose();
  const random = weights.map((w, i) => tf.randomNormal(w.shape, 0, sigma[i], 'float32', seed * 1009 + i));
  copy.setWeights(random);
  tf.dispose(random);
  return copy;
}
