import type { ReportInput } from './report-input.js';

/**
 * Notices a report shows above everything else: the run was read without checking its digests
 * (`--no-verify`), or the result was merged from unverified shards (`result.unverified`). Empty for a normal
 * run, so the reports of a normal run do not change.
 */
export function reportNotices(input: ReportInput): string[] {
  const notices: string[] = [];
  if (input.unverified) {
    notices.push('Not verified: this report was rendered with --no-verify; result.json, events.csv and timeseries.arrow were not checked against their digests and may have been edited.');
  }
  const unverifiedInputs = (input.result as { unverified?: unknown }).unverified;
  if (Array.isArray(unverifiedInputs) && unverifiedInputs.length > 0) {
    notices.push(`Not verified: this result was merged with --no-verify from shards whose digests were not checked (${unverifiedInputs.map(String).join(', ')}).`);
  }
  return notices;
}
