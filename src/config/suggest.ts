/**
 * "did you mean 'X' maybe ?" suggestions, computed as HAProxy does: each word gets a fingerprint
 * of its character-class transitions (plus which classes it contains), and the closest fingerprint
 * wins when it is close enough (update_word_fingerprint() and cfg_find_best_match() in HAProxy).
 */

function classOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97 + 1;
  if (code >= 65 && code <= 90) return code - 65 + 1;
  if (code >= 48 && code <= 57) return 27;
  return 28;
}

export function fingerprint(word: string): Uint8Array {
  return addToFingerprint(new Uint8Array(1024), word);
}

/** update_word_fingerprint(): add one word to a fingerprint (the CLI sums several words in one). */
export function addToFingerprint(fp: Uint8Array, word: string): Uint8Array {
  let from = 28;
  for (let i = 0; i < word.length; i++) {
    const to = classOf(word.charCodeAt(i));
    // Row "from=0" marks which character classes are present at all.
    fp[to] = 1;
    fp[32 * from + to]!++;
    from = to;
  }
  fp[32 * from + 28]!++;
  return fp;
}

export function fingerprintDistance(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < 1024; i++) d += Math.abs(a[i]! - b[i]!);
  return d;
}

/** The closest candidate to `word`, or undefined when none is close enough (HAProxy's rule). */
export function bestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const fp = fingerprint(word);
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = fingerprintDistance(fp, fingerprint(c));
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  if (bestDist > 2 * word.length || bestDist > 2 * best.length) return undefined;
  return best;
}
