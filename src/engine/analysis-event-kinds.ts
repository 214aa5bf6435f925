import * as z from 'zod';
import { XmarginError } from '../core/errors.js';
import { eventKinds } from './event-kind-registry.js';
import type { RunEvent } from './events.js';
import { MarginAllocationDetector, type AllocationSnapshot, type MarginAllocationEvent } from './margin-allocation-detector.js';
import { DEFAULT_REVERSE_STRESS, MAX_FRONTIER_POINTS, type BreachCriterion } from './reverse-stress.js';
import { ReverseStressDetector, type ReverseStressEvent } from './reverse-stress-detector.js';

/**
 * Two built-in event kinds a scenario switches on in `detectors` (they cost a run time, so they are not on by
 * default): `margin_allocation` (margin per position at the worst dates) and `reverse_stress` (the breach
 * frontier of every mode at a date). Their rows go to `events.csv` only in runs that record them; reports show
 * them in their own sections rather than as event tables.
 */

const allocation = (e: RunEvent) => e as MarginAllocationEvent;
const stress = (e: RunEvent) => e as ReverseStressEvent;
const SNAPSHOTS = ['peak_requirement', 'min_headroom', 'date'] as const satisfies readonly AllocationSnapshot[];
const CRITERIA = ['liquidation', 'underfunding'] as const satisfies readonly BreachCriterion[];

const calendarDate = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a calendar date "YYYY-MM-DD"')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'expected a calendar date "YYYY-MM-DD" that exists');

/** Register both kinds (called once, by `builtin-event-kinds.ts`, after the built-in three). */
export function registerAnalysisEventKinds(): void {
  eventKinds.register({
    kind: 'margin_allocation',
    description: 'a position\'s share of a mode\'s requirement at the step of its largest requirement, of its smallest headroom, or at a given date: the Euler component and the incremental requirement (with vs without it)',
    order: 20,
    columns: ['snapshot', 'position', 'instrument', 'pool', 'exposure', 'standalone', 'component', 'share', 'incremental', 'requirement'],
    toRow: (event) => {
      const e = allocation(event);
      return {
        snapshot: e.snapshot.join(';'), position: e.position, instrument: e.instrument, pool: e.pool, exposure: e.exposure, standalone: e.standalone,
        component: e.component, share: e.share, incremental: e.incremental, requirement: e.requirement,
      };
    },
    fromRow: (r) => ({
      snapshot: r.list('snapshot').map((s) => {
        if (!(SNAPSHOTS as readonly string[]).includes(s)) throw new XmarginError('E_INPUT', `column "snapshot": expected ${SNAPSHOTS.join(', ')}, got ${JSON.stringify(s)}`);
        return s as AllocationSnapshot;
      }),
      position: r.integer('position'),
      instrument: r.text('instrument'),
      pool: r.text('pool'),
      exposure: r.number('exposure'),
      standalone: r.number('standalone'),
      component: r.number('component'),
      share: r.number('share'),
      incremental: r.number('incremental'),
      requirement: r.number('requirement'),
    }),
    detector: {
      fields: {
        dates: z.array(calendarDate()).optional().describe('Dates to allocate at besides the largest requirement and the smallest headroom'),
        top: z.number().int().min(1).max(100).default(5).describe('Contributors per snapshot shown in result.json and the report'),
      },
      create: (spec) => new MarginAllocationDetector((spec.dates as string[] | undefined) ?? []),
    },
  });

  eventKinds.register({
    kind: 'reverse_stress',
    description: 'a point of a mode\'s breach frontier at a date: the smallest adverse price shock (h-step standard deviations along the worst direction, or multiples of a given one) that makes the mode fail with correlations shifted by rho_shift toward the sign that hurts it, and the nearest such point',
    order: 21,
    columns: ['point', 'rho_shift', 'shock', 'raw_shock', 'criterion', 'distance', 'loss', 'equity_after', 'requirement_after', 'equity', 'requirement'],
    toRow: (event) => {
      const e = stress(event);
      return {
        point: e.point, rho_shift: e.rhoShift, shock: e.shock, raw_shock: e.rawShock, criterion: e.criterion ?? '', distance: e.distance,
        loss: e.loss, equity_after: e.equityAfter, requirement_after: e.requirementAfter, equity: e.equity, requirement: e.requirement,
      };
    },
    fromRow: (r) => ({
      point: r.oneOf('point', ['frontier', 'zero_shock', 'nearest'] as const),
      rhoShift: r.number('rho_shift'),
      shock: r.nullableNumber('shock'),
      rawShock: r.nullableNumber('raw_shock'),
      criterion: r.text('criterion') === '' ? null : r.oneOf('criterion', CRITERIA),
      distance: r.nullableNumber('distance'),
      loss: r.nullableNumber('loss'),
      equityAfter: r.nullableNumber('equity_after'),
      requirementAfter: r.nullableNumber('requirement_after'),
      equity: r.number('equity'),
      requirement: r.number('requirement'),
    }),
    detector: {
      fields: {
        at: z.union([z.literal('open'), calendarDate()]).default('open').describe('Date of the book to stress (default: the opening)'),
        maxShock: z.number().gt(0).max(100).default(DEFAULT_REVERSE_STRESS.maxShock).describe('Largest shock searched (h-step standard deviations, or multiples of the direction)'),
        maxRhoShift: z.number().gt(0).max(2).default(DEFAULT_REVERSE_STRESS.maxRhoShift).describe('Largest correlation shift on the frontier'),
        rhoStep: z.number().gt(0).max(1).default(DEFAULT_REVERSE_STRESS.rhoStep).describe('Spacing of the correlation shifts'),
        rhoPerSigma: z.number().gt(0).default(DEFAULT_REVERSE_STRESS.rhoPerSigma).describe('Distance to breach: this correlation shift weighs as one standard deviation of price shock'),
        direction: z.record(z.string(), z.number()).optional().describe('A given direction: relative move per asset at shock 1 (default: the worst direction under the estimated covariance)'),
      },
      create: (spec, context) => {
        const given = spec.direction as Record<string, number> | undefined;
        let direction: number[] | null = null;
        if (given) {
          for (const name of Object.keys(given)) {
            if (!context.assets.includes(name)) {
              throw new XmarginError('E_INPUT_SCENARIO', `unknown asset ${JSON.stringify(name)}; the book holds ${context.assets.join(', ')}`, { path: `direction.${name}` });
            }
          }
          direction = context.assets.map((name) => (Object.hasOwn(given, name) ? given[name] : 0));
        }
        const points = Math.round((spec.maxRhoShift as number) / (spec.rhoStep as number));
        if (points > MAX_FRONTIER_POINTS) {
          throw new XmarginError('E_INPUT_SCENARIO', `${String(spec.rhoStep)} gives ${points.toLocaleString('en-US')} correlation shifts up to ${String(spec.maxRhoShift)}; expected at most ${MAX_FRONTIER_POINTS.toLocaleString('en-US')}`, { path: 'rhoStep' });
        }
        return new ReverseStressDetector(spec.at as string, {
          ...DEFAULT_REVERSE_STRESS,
          maxShock: spec.maxShock as number,
          maxRhoShift: spec.maxRhoShift as number,
          rhoStep: spec.rhoStep as number,
          rhoPerSigma: spec.rhoPerSigma as number,
          direction,
        });
      },
    },
  });
}
