export { useBackend, ensureBackend, AUTO_BACKEND_ORDER } from './use-backend.js';
export type { BackendName } from './use-backend.js';
