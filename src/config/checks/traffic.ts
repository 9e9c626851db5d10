/** Post-parse checks about servers, balancing, persistence and health checks. */
import type { ConfigCheck } from '../validate.js';

export const TRAFFIC_CHECKS: ConfigCheck[] = [];
