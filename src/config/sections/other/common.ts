/** Helpers shared by the non-proxy sections. */
import type { ParseContext } from '../../keyword.js';

export { alertTight, warnTight } from '../emit.js';
