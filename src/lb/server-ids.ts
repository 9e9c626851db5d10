/**
 * Server ids as HAProxy numbers them (check_config_validity()): explicit `id`s are kept, the others
 * get the smallest numbers not taken yet, in declaration order.
 */
export function assignServerIds(explicit: ReadonlyArray<number | undefined>): number[] {
  const used = new Set<number>();
  for (const id of explicit) if (id !== undefined) used.add(id);
  let next = 1;
  return explicit.map((id) => {
    if (id !== undefined) return id;
    while (used.has(next)) next++;
    used.add(next);
    return next++;
  });
}
