/**
 * HAProxy's weight constants (include/haproxy/backend-t.h, server-t.h). Dynamic algorithms work on
 * effective weights: the user weight (0..256) times BE_WEIGHT_SCALE.
 */
export const BE_WEIGHT_SCALE = 16;
export const SRV_UWGHT_RANGE = 256;
export const SRV_UWGHT_MAX = SRV_UWGHT_RANGE;
export const SRV_EWGHT_RANGE = SRV_UWGHT_RANGE * BE_WEIGHT_SCALE;
export const SRV_EWGHT_MAX = SRV_UWGHT_MAX * BE_WEIGHT_SCALE;
