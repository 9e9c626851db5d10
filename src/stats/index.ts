/** The stats module's interface (see README.md). */
export { Counters, mergeCounters } from './counters.js';
export { FreqCtr, swrateAvg, TIME_STATS_SAMPLES } from './freq.js';
export { CSV_COLUMNS, GENERIC_FIELDS, MODULE_FIELDS, COL, TYPE_FE, TYPE_BE, TYPE_SV, TYPE_SO, type FieldDef, type StatType } from './fields.js';
export { statRows, serverStatus, type StatRow, type StatFilter } from './rows.js';
export { csvLines, csvText, csvHeader, csvRow, csvField } from './csv.js';
export { showInfo, infoFields } from './info.js';
export { clearCounters } from './clear.js';
