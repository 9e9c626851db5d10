/** Helpers shared by the non-proxy sections. */

export { alertTight, warnTight } from '../emit.js';
