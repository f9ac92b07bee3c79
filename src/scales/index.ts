export * from './colormap.js';
export * from './value-scale.js';
