/**
 * The single-file build, `dist/nnscope.js`: every element registered, and the
 * whole public API (`nnscope` and `nnscope/compute`) exported, with lit, d3
 * and tfjs inside, so a plain page needs one `<script type="module">`.
 */
import './define.js';
export * from './index.js';
export * from './compute/index.js';
