import * as z from 'zod';
import { XmarginError } from '../../core/errors.js';
import { addOnKinds } from './add-on.js';
import { marginBuffer } from './margin-buffer.js';
import { longLookbackFloorFromSpec, type FloorHistoryPolicy } from './long-lookback-floor.js';
import { stressPeriodSchema, type StressPeriod } from './stress-period.js';
import { stressedWeightFromSpec } from './stressed-weight.js';

/**
 * The three anti-procyclicality options of EMIR (Commission Delegated Regulation (EU) No 153/2013, Art. 28(1)
 * (a)–(c)) as one add-on kind, `{ "kind": "anti-procyclicality", "tool": "buffer" | "stressed-weight" | "floor" }`.
 * The regulation's minimums are the schema's: a buffer of at least 25 %, a weight of at least 25 %.
 */

const toolSchemas = () => [
  z.object({
    kind: z.literal('anti-procyclicality'),
    tool: z.literal('buffer'),
    buffer: z.number().min(0.25, 'EMIR RTS 153/2013 Art. 28(1)(a) asks for a buffer of at least 25 % (0.25)').max(10).default(0.25)
      .describe('Margin buffer as a share of the calculated margin (at least 0.25)'),
    window: z.number().int().min(1).default(10).describe('Steps over which a rise of the calculated margin is measured'),
    threshold: z.number().gt(0).default(0.25).describe('Rising significantly: R_t > (1 + threshold) · R_(t − window)'),
    replenishSteps: z.number().int().min(1).default(20).describe('Steps over which a drawn buffer is rebuilt once the rise is over'),
  }).strict().describe('Art. 28(1)(a): a buffer drawn down while the calculated margin rises significantly'),
  z.object({
    kind: z.literal('anti-procyclicality'),
    tool: z.literal('stressed-weight'),
    weight: z.number().min(0.25, 'EMIR RTS 153/2013 Art. 28(1)(b) asks for a weight of at least 25 % (0.25)').max(1).default(0.25)
      .describe('Weight on the stress period\'s observations (at least 0.25)'),
    period: stressPeriodSchema(),
  }).strict().describe('Art. 28(1)(b): the requirement blended with the same method on a stress period'),
  z.object({
    kind: z.literal('anti-procyclicality'),
    tool: z.literal('floor'),
    years: z.number().gt(0).max(50).default(10).describe('Lookback of the floor in years (EMIR: 10)'),
    history: z.enum(['required', 'available']).default('required')
      .describe('required: the book waits for the whole lookback (refused when the data is shorter); available: use the history there is, reported'),
  }).strict().describe('Art. 28(1)(c): the requirement floored at the same method on a long (10-year) lookback'),
];

addOnKinds.register({
  kind: 'anti-procyclicality',
  description:
    'EMIR RTS 153/2013 Art. 28(1): `buffer` (a margin buffer ≥ 25 % drawn down while the calculated margin rises significantly), `stressed-weight` (≥ 25 % weight on a stress period: (1 − w)·R + w·R_stressed), or `floor` (max(R, R on a 10-year lookback))',
  schema: () => z.discriminatedUnion('tool', toolSchemas() as unknown as [z.ZodObject, ...z.ZodObject[]]),
  create(spec, context) {
    switch (spec.tool) {
      case 'buffer': {
        // A window longer than the whole data file is never measured, so the buffer is never released (and
        // its ring of past margins, 8 bytes a step, was allocated for nothing: 8 GB for 1e9).
        const rows = context.data?.history.time.length;
        if (rows !== undefined && (spec.window as number) >= rows) {
          throw new XmarginError('E_INPUT_SCENARIO', `a window of ${(spec.window as number).toLocaleString('en-US')} steps is not shorter than the whole data file (${rows.toLocaleString('en-US')} rows): the rise of the margin would never be measured and the buffer never released`, { path: `${context.path ?? 'addOn'}.window` });
        }
        return marginBuffer({
          buffer: spec.buffer as number,
          window: spec.window as number,
          threshold: spec.threshold as number,
          replenishSteps: spec.replenishSteps as number,
        });
      }
      case 'stressed-weight':
        return stressedWeightFromSpec({ weight: spec.weight as number, period: spec.period as StressPeriod }, context);
      default:
        return longLookbackFloorFromSpec({ years: spec.years as number, history: spec.history as FloorHistoryPolicy }, context);
    }
  },
});
