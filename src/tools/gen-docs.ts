/** Writes docs/configuration.md from the keyword tables (`npm run docs`). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { coverageMarkdown } from '../config/coverage.js';

const target = fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url));
writeFileSync(target, coverageMarkdown());
process.stdout.write(`wrote ${target}\n`);
