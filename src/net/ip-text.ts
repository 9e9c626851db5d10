/** IPv6 addresses from their 16 bytes to text, as inet_ntop writes them. */

export function ipv6ToString(b: Uint8Array): string {
  const g: string[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[i * 2]! << 8) | b[i * 2 + 1]!).toString(16));
  // Longest run of zero groups (two or more) becomes '::'.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + bestLen).join(':')}`;
}
