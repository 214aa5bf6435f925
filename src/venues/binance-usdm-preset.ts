import * as z from 'zod';
import { money, rate, versionBase } from './preset-version-base.js';

// The `binance-usdm` preset's version schema. The README's "Venue presets" names every field's source.

export const binanceBracketSchema = z
  .object({
    floor: money('Notional floor of the bracket (USDT)'),
    cap: z.number().positive().nullable().describe('Notional cap (USDT); null = no cap'),
    maxLeverage: z.number().min(1).describe('Maximum leverage; initial margin rate = 1 / maxLeverage'),
    maintenanceRate: rate('Maintenance margin rate'),
    maintenanceAmount: money('Maintenance amount (cum): MM = |notional| × rate − amount'),
  })
  .strict();

function checkBrackets(brackets: z.infer<typeof binanceBracketSchema>[], ctx: z.RefinementCtx): void {
  brackets.forEach((b, k) => {
    const at = (field: string) => [k, field];
    if (k === 0 && b.floor !== 0) ctx.addIssue({ code: 'custom', path: at('floor'), message: `expected the first bracket to start at 0, got ${b.floor}` });
    if (b.cap !== null && !(b.cap > b.floor)) ctx.addIssue({ code: 'custom', path: at('cap'), message: `expected cap > floor, got cap ${b.cap} with floor ${b.floor}` });
    if (b.cap === null && k !== brackets.length - 1) ctx.addIssue({ code: 'custom', path: at('cap'), message: 'only the last bracket may have no cap (null)' });
    if (b.maintenanceRate > 1 / b.maxLeverage) {
      ctx.addIssue({ code: 'custom', path: at('maintenanceRate'), message: `maintenance rate ${b.maintenanceRate} above the initial margin rate 1/${b.maxLeverage} = ${1 / b.maxLeverage}` });
    }
    if (k === 0) {
      if (b.maintenanceAmount !== 0) ctx.addIssue({ code: 'custom', path: at('maintenanceAmount'), message: `expected 0 in the first bracket, got ${b.maintenanceAmount}` });
      return;
    }
    const p = brackets[k - 1];
    if (b.floor !== p.cap) ctx.addIssue({ code: 'custom', path: at('floor'), message: `expected brackets in increasing, contiguous order: floor ${b.floor} after cap ${p.cap}` });
    if (b.maintenanceRate < p.maintenanceRate) ctx.addIssue({ code: 'custom', path: at('maintenanceRate'), message: `expected maintenance rates not decreasing, got ${b.maintenanceRate} after ${p.maintenanceRate}` });
    if (b.maxLeverage > p.maxLeverage) ctx.addIssue({ code: 'custom', path: at('maxLeverage'), message: `expected max leverage not increasing, got ${b.maxLeverage} after ${p.maxLeverage}` });
    // Continuity of MM at the floor: amount_k = amount_{k−1} + floor_k · (rate_k − rate_{k−1}), to the cent (and said
    // in cents: 1e6 × (0.025 − 0.01) is 15000.000000000002 in doubles).
    const expected = p.maintenanceAmount + b.floor * (b.maintenanceRate - p.maintenanceRate);
    if (Math.abs(b.maintenanceAmount - expected) > 0.01) {
      ctx.addIssue({ code: 'custom', path: at('maintenanceAmount'), message: `maintenance amount ${b.maintenanceAmount} makes the maintenance margin jump at ${b.floor}: continuity needs ${Math.round(expected * 100) / 100}` });
    }
  });
}

export const binanceBracketTableSchema = z.array(binanceBracketSchema).min(1).superRefine(checkBrackets);

export const uniMmrThresholdsSchema = z
  .object({
    marginCall: z.number().gt(1).describe('uniMMR at or below which a margin-call reminder is sent'),
    reduceOnly: z.number().gt(1).describe('uniMMR at or below which only reducing orders are accepted'),
    liquidation: z.number().gt(1).describe('uniMMR at or below which the account is liquidated'),
    lossClaim: z.number().gt(0).describe('uniMMR at or below which Binance may also claim the loss'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (!(t.marginCall > t.reduceOnly && t.reduceOnly > t.liquidation && t.liquidation > t.lossClaim)) {
      ctx.addIssue({ code: 'custom', message: `expected marginCall > reduceOnly > liquidation > lossClaim, got ${t.marginCall}, ${t.reduceOnly}, ${t.liquidation}, ${t.lossClaim}` });
    }
  });

export const binanceVersionSchema = z
  .object({
    ...versionBase,
    brackets: z.record(z.string().min(1), binanceBracketTableSchema).describe('Leverage and margin brackets per symbol'),
    uniMmr: uniMmrThresholdsSchema.optional().describe('Portfolio-margin uniMMR status thresholds (absent before portfolio margin existed)'),
  })
  .strict();
