export * from './colormap.js';
export * from './value-scale.js';
export * from './colour-scale.js';
