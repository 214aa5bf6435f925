import { XmarginError } from '../core/errors.js';
import type { PathOutcome } from '../engine/path-outcome.js';
import { ExactSum, type ExactSumJson } from './exact-sum.js';
import { QUANTILE_LEVELS, type Distribution, type MonteCarloAvoided, type MonteCarloModeSummary, type MonteCarloUnderfunding } from '../result/monte-carlo-summary.js';
import { quantileSorted } from './quantile-sorted.js';

/** The modes a tally counts, in engine order; `cross` are the non-isolated modes (the coverage order). */
export interface TallyLayout {
  readonly modes: readonly { readonly name: string; readonly kind: string }[];
  readonly cross: readonly string[];
}

interface ModeCounts {
  pathsLiquidated: number;
  pathsWipedOut: number;
  pathsBadDebt: number;
  liquidations: number;
  positionsLiquidated: number;
  badDebt: ExactSum;
  liquidationFees: ExactSum;
  requirement: ExactSum;
  gross: ExactSum;
  finalEquity: ExactSum;
}

interface CrossCounts {
  observations: number;
  exceedances: number;
  pathsUnderfunded: number;
  pathsBreakdown: number;
  pathsVolatility: number;
  pathsImpliedVolatility: number;
  pathsStandaloneCovered: number;
  breakdown: number;
  volatility: number;
  impliedVolatility: number;
  breakdownShortfall: ExactSum;
  volatilityShortfall: ExactSum;
  impliedVolatilityShortfall: ExactSum;
  pathsAvoided: number;
  avoided: number;
  capitalSaved: ExactSum;
  isolatedLoss: ExactSum;
  pathsForGood: number;
  forGood: number;
  capitalSavedForGood: ExactSum;
  capitalSavedPostponed: ExactSum;
}

const CROSS_INTEGERS = [
  'observations', 'exceedances', 'pathsUnderfunded', 'pathsBreakdown', 'pathsVolatility', 'pathsImpliedVolatility', 'pathsStandaloneCovered',
  'breakdown', 'volatility', 'impliedVolatility', 'pathsAvoided', 'avoided', 'pathsForGood', 'forGood',
] as const;
const CROSS_SUMS = ['breakdownShortfall', 'volatilityShortfall', 'impliedVolatilityShortfall', 'capitalSaved', 'isolatedLoss', 'capitalSavedForGood', 'capitalSavedPostponed'] as const;
const MODE_SUMS = ['badDebt', 'liquidationFees', 'requirement', 'gross', 'finalEquity'] as const;

/**
 * Aggregates of a contiguous block of Monte Carlo paths `[from, to)`, without keeping the paths:
 * integer counts, exactly rounded sums (`ExactSum`) and, for quantiles, each path's final equity per mode,
 * max shortfall, liquidations avoided and backtest observations per cross mode, 8·(modes + 3·cross modes)
 * bytes per path (10,000 paths × 3 modes: 0.7 MB). Blocks merge in index order (`merge` requires `next.from === to`),
 * and every number a summary reports is independent of how the paths were split into blocks.
 */
export class MonteCarloTally {
  readonly layout: TallyLayout;
  readonly from: number;
  private end: number;
  /** Per path, `width` values: final equity per mode, then max shortfall, avoided count and observations per cross mode. */
  private values: Float64Array;
  private readonly width: number;
  private readonly modeCounts: ModeCounts[];
  private readonly crossCounts: CrossCounts[];

  constructor(layout: TallyLayout, from: number, capacity = 64) {
    this.layout = layout;
    this.from = from;
    this.end = from;
    this.width = layout.modes.length + 3 * layout.cross.length;
    this.values = new Float64Array(Math.max(1, capacity) * this.width);
    this.modeCounts = layout.modes.map(() => ({
      pathsLiquidated: 0,
      pathsWipedOut: 0,
      pathsBadDebt: 0,
      liquidations: 0,
      positionsLiquidated: 0,
      badDebt: new ExactSum(),
      liquidationFees: new ExactSum(),
      requirement: new ExactSum(),
      gross: new ExactSum(),
      finalEquity: new ExactSum(),
    }));
    this.crossCounts = layout.cross.map(() => {
      const counts = {} as CrossCounts;
      for (const key of CROSS_INTEGERS) counts[key] = 0;
      for (const key of CROSS_SUMS) counts[key] = new ExactSum();
      return counts;
    });
  }

  /** One past the last path index counted. */
  get to(): number {
    return this.end;
  }

  get count(): number {
    return this.end - this.from;
  }

  /** Count path `k`, which must be the next index (`k === to`). */
  add(k: number, outcome: PathOutcome): void {
    if (k !== this.end) throw new XmarginError('E_INTERNAL', `tally: expected path ${this.end}, got ${k}`);
    const { modes, cross } = this.layout;
    const row = this.reserve(1);
    outcome.modes.forEach((m, i) => {
      const c = this.modeCounts[i];
      if (m.liquidations > 0) c.pathsLiquidated++;
      if (m.wipedOut) c.pathsWipedOut++;
      if (m.badDebt > 0) c.pathsBadDebt++;
      c.liquidations += m.liquidations;
      c.positionsLiquidated += m.positionsLiquidated;
      c.badDebt.add(m.badDebt);
      c.liquidationFees.add(m.liquidationFees);
      c.requirement.add(m.meanRequirement);
      c.gross.add(m.meanGross);
      c.finalEquity.add(m.finalEquity);
      this.values[row + i] = m.finalEquity;
    });
    outcome.coverage.forEach((tally, j) => {
      const c = this.crossCounts[j];
      c.observations += tally.observations;
      c.exceedances += tally.exceedances;
      if (tally.exceedances > 0) c.pathsUnderfunded++;
      if (tally.correlationBreakdown > 0) c.pathsBreakdown++;
      if (tally.volatility > 0) c.pathsVolatility++;
      if (tally.impliedVolatility > 0) c.pathsImpliedVolatility++;
      if (tally.standaloneCovered > 0) c.pathsStandaloneCovered++;
      c.breakdown += tally.correlationBreakdown;
      c.volatility += tally.volatility;
      c.impliedVolatility += tally.impliedVolatility;
      c.breakdownShortfall.add(tally.breakdownShortfall);
      c.volatilityShortfall.add(tally.volatilityShortfall);
      c.impliedVolatilityShortfall.add(tally.impliedVolatilityShortfall);
      this.values[row + modes.length + j] = tally.maxShortfall;
      this.values[row + modes.length + 2 * cross.length + j] = tally.observations;
    });
    outcome.avoided.forEach((a, j) => {
      const c = this.crossCounts[j];
      if (a.count > 0) c.pathsAvoided++;
      if (a.forGood > 0) c.pathsForGood++;
      c.avoided += a.count;
      c.forGood += a.forGood;
      c.capitalSaved.add(a.capitalSaved);
      c.isolatedLoss.add(a.isolatedLoss);
      c.capitalSavedForGood.add(a.capitalSavedForGood);
      c.capitalSavedPostponed.add(a.capitalSavedPostponed);
      this.values[row + modes.length + cross.length + j] = a.count;
    });
    this.end++;
  }

  /** Append the block that follows this one (`next.from === to`). */
  merge(next: MonteCarloTally): void {
    if (next.from !== this.end) {
      throw new XmarginError('E_INTERNAL', `tally: cannot append paths [${next.from}, ${next.to}) after [${this.from}, ${this.end})`);
    }
    const row = this.reserve(next.count);
    this.values.set(next.values.subarray(0, next.count * this.width), row);
    this.modeCounts.forEach((c, i) => {
      const o = next.modeCounts[i];
      c.pathsLiquidated += o.pathsLiquidated;
      c.pathsWipedOut += o.pathsWipedOut;
      c.pathsBadDebt += o.pathsBadDebt;
      c.liquidations += o.liquidations;
      c.positionsLiquidated += o.positionsLiquidated;
      for (const key of MODE_SUMS) c[key].merge(o[key]);
    });
    this.crossCounts.forEach((c, j) => {
      const o = next.crossCounts[j];
      for (const key of CROSS_INTEGERS) c[key] += o[key];
      for (const key of CROSS_SUMS) c[key].merge(o[key]);
    });
    this.end = next.end;
  }

  /**
   * The representative path: the median path by mode `mode`'s final equity, the ⌊(n − 1)/2⌋-th in ascending
   * order (the lower median), ties broken by path index. Depends only on the values, not on the blocks.
   */
  medianPath(mode: number): number {
    const n = this.count;
    if (n === 0) throw new XmarginError('E_INTERNAL', 'tally: no path counted');
    const order = Array.from({ length: n }, (_, r) => r);
    const value = (r: number) => this.values[r * this.width + mode];
    order.sort((a, b) => value(a) - value(b) || a - b);
    return this.from + order[Math.floor((n - 1) / 2)];
  }

  /** Per-mode, underfunding and avoided distributions over the paths counted. */
  summarise(confidence: number, horizonSteps = 1): { modes: MonteCarloModeSummary[]; underfunding: MonteCarloUnderfunding[]; avoided: MonteCarloAvoided[] } {
    const n = this.count;
    const per = (x: number) => (n > 0 ? x / n : NaN);
    const { modes, cross } = this.layout;
    const p = 1 - confidence;
    return {
      modes: modes.map((m, i) => {
        const c = this.modeCounts[i];
        const requirement = c.requirement.value();
        return {
          name: m.name,
          kind: m.kind,
          liquidationProbability: per(c.pathsLiquidated),
          wipedOutProbability: per(c.pathsWipedOut),
          badDebtProbability: per(c.pathsBadDebt),
          meanLiquidations: per(c.liquidations),
          meanPositionsLiquidated: per(c.positionsLiquidated),
          meanBadDebt: per(c.badDebt.value()),
          meanLiquidationFees: per(c.liquidationFees.value()),
          meanRequirement: per(requirement),
          capitalEfficiency: requirement > 0 ? c.gross.value() / requirement : null,
          finalEquity: this.distribution(i, c.finalEquity),
        };
      }),
      underfunding: cross.map((mode, j) => {
        const c = this.crossCounts[j];
        const cause = (paths: number, count: number, shortfall: ExactSum) => {
          const total = shortfall.value();
          return { probability: per(paths), meanCount: per(count), meanShortfall: count > 0 ? total / count : null, expectedShortfall: per(total) };
        };
        const maxShortfall = new ExactSum();
        const independent = new ExactSum();
        const nonOverlapping = new ExactSum();
        for (let r = 0; r < n; r++) {
          maxShortfall.add(this.values[r * this.width + modes.length + j]);
          const observations = this.values[r * this.width + modes.length + 2 * cross.length + j];
          independent.add(-Math.expm1(observations * Math.log1p(-p)));
          nonOverlapping.add(-Math.expm1(Math.ceil(observations / horizonSteps) * Math.log1p(-p)));
        }
        return {
          mode,
          probability: per(c.pathsUnderfunded),
          expectedProbability: { nonOverlapping: per(nonOverlapping.value()), independent: per(independent.value()) },
          exceedanceRate: c.observations > 0 ? c.exceedances / c.observations : null,
          expectedRate: p,
          observations: c.observations,
          exceedances: c.exceedances,
          byCause: {
            correlation_breakdown: cause(c.pathsBreakdown, c.breakdown, c.breakdownShortfall),
            volatility: cause(c.pathsVolatility, c.volatility, c.volatilityShortfall),
            implied_volatility: cause(c.pathsImpliedVolatility, c.impliedVolatility, c.impliedVolatilityShortfall),
          },
          standaloneCoveredProbability: per(c.pathsStandaloneCovered),
          maxShortfall: this.distribution(modes.length + j, maxShortfall),
        };
      }),
      avoided: cross.map((mode, j) => {
        const c = this.crossCounts[j];
        const count = new ExactSum();
        count.add(c.avoided);
        return {
          mode,
          probability: per(c.pathsAvoided),
          count: this.distribution(modes.length + cross.length + j, count),
          meanCapitalSaved: per(c.capitalSaved.value()),
          meanIsolatedLoss: per(c.isolatedLoss.value()),
          forGoodProbability: per(c.pathsForGood),
          meanForGood: per(c.forGood),
          meanCapitalSavedForGood: per(c.capitalSavedForGood.value()),
          meanCapitalSavedPostponed: per(c.capitalSavedPostponed.value()),
        };
      }),
    };
  }

  toJSON(): TallyJson {
    return {
      from: this.from,
      to: this.end,
      layout: this.layout,
      values: encodeFloat64(this.values.subarray(0, this.count * this.width)),
      modes: this.modeCounts.map((c) => ({
        ...c,
        badDebt: c.badDebt.toJSON(),
        liquidationFees: c.liquidationFees.toJSON(),
        requirement: c.requirement.toJSON(),
        gross: c.gross.toJSON(),
        finalEquity: c.finalEquity.toJSON(),
      })),
      cross: this.crossCounts.map((c) => {
        const json = { ...c } as Record<string, unknown>;
        for (const key of CROSS_SUMS) json[key] = c[key].toJSON();
        return json as Jsonified<CrossCounts>;
      }),
    };
  }

  static fromJSON(json: TallyJson): MonteCarloTally {
    const tally = new MonteCarloTally(json.layout, json.from, json.to - json.from);
    const values = decodeFloat64(json.values);
    if (values.length !== (json.to - json.from) * tally.width) {
      throw new XmarginError('E_INPUT', `tally: expected ${(json.to - json.from) * tally.width} per-path values, got ${values.length}`);
    }
    tally.values.set(values);
    tally.end = json.to;
    json.modes.forEach((c, i) => {
      Object.assign(tally.modeCounts[i], {
        ...c,
        badDebt: ExactSum.fromJSON(c.badDebt),
        liquidationFees: ExactSum.fromJSON(c.liquidationFees),
        requirement: ExactSum.fromJSON(c.requirement),
        gross: ExactSum.fromJSON(c.gross),
        finalEquity: ExactSum.fromJSON(c.finalEquity),
      });
    });
    json.cross.forEach((c, j) => {
      const counts = tally.crossCounts[j];
      for (const key of CROSS_INTEGERS) counts[key] = c[key];
      for (const key of CROSS_SUMS) counts[key] = ExactSum.fromJSON(c[key]);
    });
    return tally;
  }

  /** Row offset for `rows` more paths, growing the value store geometrically. */
  private reserve(rows: number): number {
    const offset = this.count * this.width;
    const needed = offset + rows * this.width;
    if (needed > this.values.length) {
      const grown = new Float64Array(Math.max(needed, 2 * this.values.length));
      grown.set(this.values.subarray(0, offset));
      this.values = grown;
    }
    return offset;
  }

  private distribution(column: number, sum: ExactSum): Distribution {
    const n = this.count;
    const sorted = new Float64Array(n);
    for (let r = 0; r < n; r++) sorted[r] = this.values[r * this.width + column];
    sorted.sort();
    const [p001, p01, p05, p50, p95, p99, p999] = QUANTILE_LEVELS.map((p) => quantileSorted(sorted, p));
    return {
      mean: n > 0 ? sum.value() / n : NaN,
      min: n > 0 ? sorted[0] : NaN,
      max: n > 0 ? sorted[n - 1] : NaN,
      quantiles: { p001, p01, p05, p50, p95, p99, p999 },
    };
  }
}

type Jsonified<T> = { [K in keyof T]: T[K] extends ExactSum ? ExactSumJson : T[K] };

/** JSON form of a tally (what workers post back and shard.json stores). */
export interface TallyJson {
  readonly from: number;
  readonly to: number;
  readonly layout: TallyLayout;
  /** Per-path values, little-endian float64, base64. */
  readonly values: string;
  readonly modes: readonly Jsonified<ModeCounts>[];
  readonly cross: readonly Jsonified<CrossCounts>[];
}

/** Little-endian bytes of the doubles, base64 (exact, NaN included). */
export function encodeFloat64(values: Float64Array): string {
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i], i * 8);
  return bytes.toString('base64');
}

export function decodeFloat64(text: string): Float64Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 8 !== 0) throw new XmarginError('E_INPUT', `expected a whole number of float64 values, got ${bytes.length} bytes`);
  const values = new Float64Array(bytes.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = bytes.readDoubleLE(i * 8);
  return values;
}
