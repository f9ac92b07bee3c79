import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * The tensors an element made, by name. Putting a tensor in a slot disposes
 * the one it replaces; `clear()` disposes all. Tensors the caller owns never
 * go in here: `loadTensor` always hands back a new tensor, and that is what
 * elements keep.
 *
 * @example
 * ```ts
 * slots.set('attention', await loadTensor(input)); // the previous one is freed
 * ```
 */
export class TensorSlots {
  private readonly slots = new Map<string, Tensor>();

  get(name: string): Tensor | undefined {
    return this.slots.get(name);
  }

  set(name: string, tensor: Tensor | undefined): void {
    const previous = this.slots.get(name);
    if (previous === tensor) return;
    if (previous && !previous.isDisposed) previous.dispose();
    if (tensor) this.slots.set(name, tensor);
    else this.slots.delete(name);
  }

  clear(): void {
    for (const tensor of this.slots.values()) if (!tensor.isDisposed) tensor.dispose();
    this.slots.clear();
  }

  get size(): number {
    return this.slots.size;
  }
}
