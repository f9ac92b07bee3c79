/**
 * nnscope: web components that show what a neural network does.
 *
 * This entry has no side effects on the page's custom element registry:
 * import element classes from here and register them yourself, or import
 * `nnscope/define` (all elements) or `nnscope/<element>` (one) to register.
 *
 * @example
 * ```ts
 * import { loadTensor, tf, useBackend } from 'nnscope';
 * await useBackend('auto');
 * const attention = await loadTensor('/attention.npz#layer0');
 * ```
 * @module nnscope
 */
export { tf } from './tf.js';
export * from './backend/index.js';
export * from './data/index.js';
export * from './events/index.js';
export * from './scales/index.js';
export { NnElement } from './elements/base/nn-element.js';
export type { Theme, Size, Typography } from './elements/base/nn-element.js';
export { TensorSlots } from './elements/base/tensor-slots.js';
export { defineElement } from './elements/base/define.js';
export { Stage } from './elements/base/stage.js';
export { LinkController } from './elements/base/link.js';
export type { LinkAdapter } from './elements/base/link.js';
export { LinkGroup, LinkChangeEvent, link, linkGroup, LINKED_EVENT } from './elements/base/link-group.js';
export type { LinkChangeDetail } from './elements/base/link-group.js';
export { registerView, viewOf } from './elements/base/view.js';
export type { ElementView, ViewTable } from './elements/base/view.js';
export { PointerController, localPoint, wheelPixels, wheelZoomFactor } from './elements/interaction/pointer.js';
export type { Point, PointerHandlers } from './elements/interaction/pointer.js';
export { CursorController, readKey, moveInGrid, LARGE_STEP } from './elements/interaction/keys.js';
export type { CursorCommand, CursorHandler } from './elements/interaction/keys.js';
export { tooltipTemplate } from './elements/interaction/tooltip.js';
export type { Tooltip, TooltipLine } from './elements/interaction/tooltip.js';
export { AttentionHeatmap } from './elements/attention-heatmap/attention-heatmap.js';
export type { AttentionView, AttentionCellDetail, AttentionHeadDetail } from './elements/attention-heatmap/attention-heatmap.js';
export type { AttentionInput } from './elements/attention-heatmap/attention-source.js';
export { FeatureGrid } from './elements/feature-grid/feature-grid.js';
export type { FeatureGridView, FeatureHoverDetail, FeatureSelectDetail, FeatureImages } from './elements/feature-grid/feature-grid.js';
export { SaliencyOverlay } from './elements/saliency-overlay/saliency-overlay.js';
export type { SaliencyPixelDetail, SaliencyTokenDetail, SaliencyComparison } from './elements/saliency-overlay/saliency-overlay.js';
export type { SaliencyMode } from './elements/saliency-overlay/layout.js';
export type { SaliencyMethod, Preprocess } from './elements/saliency-overlay/explain.js';
export { HiddenStateTracer } from './elements/hidden-state-tracer/hidden-state-tracer.js';
export type { HiddenStateSelectDetail, HiddenStateHoverDetail, StateKind } from './elements/hidden-state-tracer/hidden-state-tracer.js';
