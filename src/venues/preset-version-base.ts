// A namespace import, as everywhere here: esbuild then bundles only the zod functions used.
import * as z from 'zod';

/** What every venue's version schema shares: dates, their basis, sources; small field helpers. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const presetDate = z
  .string()
  .regex(DATE, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'expected a calendar date')
  .describe('A calendar date, YYYY-MM-DD (UTC)');

export const rate = (what: string) => z.number().min(0).max(1).describe(what);
export const money = (what: string) => z.number().min(0).refine(Number.isFinite, 'expected a finite number').describe(what);

export const presetSourceSchema = z
  .object({
    url: z.url().describe('Where the venue (or the dated record of it) publishes the numbers'),
    title: z.string().min(1).describe('Title of the document, with its own date where it has one'),
    retrieved: presetDate.describe('The day the document was read'),
    note: z.string().optional().describe('What the document gives, and what it does not'),
  })
  .strict();

export const versionBase = {
  effective: presetDate.describe('First day the version applies'),
  basis: z.enum(['published', 'observed', 'undated-source']).describe('How the effective date is known'),
  until: presetDate.optional().describe('First day the version no longer applies (exclusive), when known'),
  sources: z.array(presetSourceSchema).min(1),
};
