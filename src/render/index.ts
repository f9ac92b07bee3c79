export * from './canvas.js';
export * from './heatmap.js';
export * from './export.js';
export * from './legend.js';
export * from './tensor-pixels.js';
export * from './bitmap.js';
