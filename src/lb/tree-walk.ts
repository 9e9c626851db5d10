/**
 * Walk a heap in (key, insertion) order until `accept` says stop, as HAProxy walks an eb32 tree with
 * eb32_first()/eb32_next(): nodes are popped while looked at and restored with their old order.
 */
import type { Heap, HeapNode } from './heap.js';

const taken: HeapNode<number>[] = [];

/** The first item `accept` accepts (or the last one it marked in `state.fallback`), -1 for none. */
export function walk(heap: Heap<number>, accept: (i: number) => boolean): number {
  let found = -1;
  taken.length = 0;
  for (;;) {
    const n = heap.pop();
    if (!n) break;
    taken.push(n);
    if (accept(n.item)) {
      found = n.item;
      break;
    }
  }
  for (let k = 0; k < taken.length; k++) heap.restore(taken[k]!);
  taken.length = 0;
  return found;
}
