/**
 * Registers `constructor` as `tag` unless the tag is taken. Notebooks re-run
 * cells and pages load bundles twice; a second `customElements.define` of the
 * same tag would throw and stop the page.
 *
 * @example
 * ```ts
 * defineElement('nn-attention-heatmap', AttentionHeatmap);
 * ```
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, constructor);
}
