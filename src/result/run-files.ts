/**
 * The names of a run folder's files, spelled once: writers, readers, the shard files, the result's `files`
 * section and the reports' links read them from here. (The atomic folder writer in `core/` keeps its own list
 * of the names xmargin may replace, one layer below.)
 */
export const RUN_FILES = { result: 'result.json', events: 'events.csv', timeseries: 'timeseries.arrow' } as const;
