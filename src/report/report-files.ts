/** The report files of a run folder (and of a comparison), spelled once. */
export const REPORT_FILES = { html: 'report.html', markdown: 'report.md' } as const;
