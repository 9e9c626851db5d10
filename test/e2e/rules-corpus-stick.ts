export const STICK_CASES = [] as import('./rules-corpus-harness.js').CorpusCase[];
