import { canonicalJson, sha256 } from '../core/canonical-json.js';
import { XmarginError } from '../core/errors.js';
import { seriesDigest } from './run-result.js';

/**
 * Digests on read. A run's `result.json` carries `digest`, the sha256 of the canonical JSON of everything else
 * in it, and `contentDigests` of `events.csv` (sha256 of the bytes) and of the series in `timeseries.arrow`
 * (sha256 over the columns' bytes, `seriesDigest`). Whatever reads a run back (report, gate --result, merge)
 * checks all three before it uses a number, so an edited figure, a fabricated event or a damaged file is
 * refused with exit 2 naming the file; `--no-verify` reads it anyway, for forensic use, and says so.
 */

const FORENSIC = 'or pass --no-verify to read it anyway';

/** The digest a result (or any object with a `digest` field) should carry: sha256 of the canonical JSON of the rest. */
export function bodyDigest(value: Readonly<Record<string, unknown>>): string {
  const { digest: _digest, ...body } = value;
  return sha256(canonicalJson(body));
}

/** Refuse an object whose `digest` field does not match its content. */
export function verifyDigest(value: Readonly<Record<string, unknown>>, file: string): void {
  const stated = value.digest;
  if (typeof stated !== 'string') throw new XmarginError('E_INPUT', `expected a "digest" field, got ${stated === undefined ? 'none' : typeof stated}`, { file, path: 'digest' });
  const actual = bodyDigest(value);
  if (actual !== stated) {
    throw new XmarginError('E_INPUT', `the content does not match its digest (edited or damaged?): "digest" says ${short(stated)}, the content gives ${short(actual)}; re-run, ${FORENSIC}`, { file });
  }
}

/** Refuse an events.csv whose bytes do not match the digest in result.json. */
export function verifyEventsDigest(bytes: Uint8Array | string, expected: string, file: string): void {
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new XmarginError('E_INPUT', `does not match the digest in result.json (edited or damaged?): expected ${short(expected)}, got ${short(actual)}; re-run, ${FORENSIC}`, { file });
  }
}

/** Refuse a timeseries.arrow whose columns do not match the digest in result.json. */
export function verifySeriesDigest(series: ReadonlyMap<string, Float64Array>, expected: string, file: string): void {
  const actual = seriesDigest(series);
  if (actual !== expected) {
    throw new XmarginError('E_INPUT', `does not match the digest in result.json (edited or damaged?): expected ${short(expected)}, got ${short(actual)}; re-run, ${FORENSIC}`, { file });
  }
}

const short = (digest: string) => `${digest.slice(0, 12)}…`;
