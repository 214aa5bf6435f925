import type { CorrelationEstimate } from '../correlation/estimator.js';
import { adverseCorrelation } from '../margin/adverse-correlation.js';
import type { ResolvedPosition } from '../portfolio/position.js';
import { RiskView } from '../valuation/risk-view.js';
import { pricerOf } from '../valuation/instrument-kinds.js';
import type { ModeLedger } from './mode-ledger.js';
import { BookProbe } from './book-probe.js';

/** How a mode fails: its equity falls below its requirement, or the h-step loss exceeds the margin it held. */
export type BreachCriterion = 'liquidation' | 'underfunding';

export interface ReverseStressSettings {
  /** Largest price shock searched: h-step standard deviations along the worst direction, or multiples of a given direction (default 10). */
  readonly maxShock: number;
  /** Largest correlation shift on the frontier (default 1: any pair can reach ±1 from 0). */
  readonly maxRhoShift: number;
  /** Spacing of the correlation shifts on the frontier (default 0.05). */
  readonly rhoStep: number;
  /** For the distance to breach: a correlation shift of this size weighs as much as one standard deviation of price shock (default 0.1). */
  readonly rhoPerSigma: number;
  /** A given direction: the relative price move of each asset (engine order) at shock 1; null = the worst direction under the estimated covariance. */
  readonly direction: readonly number[] | null;
  /** Grid points of the scan along the shock before the bisection (default 40). */
  readonly scanPoints: number;
}

/** The most correlation shifts a frontier may have (the default has 21): each is a root search with matrix repairs. */
export const MAX_FRONTIER_POINTS = 1000;

export const DEFAULT_REVERSE_STRESS: ReverseStressSettings = { maxShock: 10, maxRhoShift: 1, rhoStep: 0.05, rhoPerSigma: 0.1, direction: null, scanPoints: 40 };

/** Bisection steps after the scan: the shock is known to maxShock · 2⁻⁴⁰ / scanPoints. */
const BISECTION_STEPS = 40;
/** Bisection steps of the zero-shock intercept (each may repair a matrix): the shift is known to rhoStep · 2⁻²⁴. */
const INTERCEPT_BISECTION_STEPS = 24;

export interface FrontierPoint {
  readonly rhoShift: number;
  /** Smallest shock that breaks the mode with correlations shifted by at most `rhoShift` (null: none within maxShock). */
  readonly shock: number | null;
  /** The smallest breaking shock at exactly this shift (the envelope `shock` is the running minimum of these). */
  readonly rawShock: number | null;
  readonly criterion: BreachCriterion | null;
}

export interface BreachPoint {
  readonly shock: number;
  readonly rhoShift: number;
  readonly criterion: BreachCriterion;
  /** √(shock² + (rhoShift / rhoPerSigma)²). */
  readonly distance: number;
  /** Relative price move of each asset at this point. */
  readonly moves: readonly number[];
  /** The mode's loss on the move, its equity after it, and its requirement recomputed at the moved prices with the shifted correlations. */
  readonly loss: number;
  readonly equityAfter: number;
  readonly requirementAfter: number;
}

export interface ModeBreach {
  readonly mode: string;
  readonly equity: number;
  readonly requirement: number;
  /** Equity < requirement already at the date. */
  readonly alreadyBreached: boolean;
  /** The mode holds nothing at the date: every position was liquidated at or before it (nothing left to break). */
  readonly liquidated: boolean;
  readonly frontier: readonly FrontierPoint[];
  /** True when the raw frontier never rises as the shift grows (a PSD repair can bend it; the envelope never does). */
  readonly monotone: boolean;
  /** Smallest correlation shift that breaks the mode with no price move (null: none up to maxRhoShift). */
  readonly rhoAtZeroShock: number | null;
  readonly nearest: BreachPoint | null;
}

export interface ReverseStressResult {
  readonly step: number;
  readonly time: number;
  readonly assets: readonly string[];
  readonly horizonSteps: number;
  readonly direction: 'worst' | 'given';
  readonly settings: ReverseStressSettings;
  readonly modes: readonly ModeBreach[];
}

/** What reverse stress reads at a step: what a detector sees of a run. */
export interface ReverseStressInput {
  readonly assets: readonly string[];
  readonly positions: readonly ResolvedPosition[];
  readonly ledgers: readonly ModeLedger[];
  readonly view: RiskView;
  readonly horizonSteps: number;
}

/**
 * Reverse stress of the book each mode holds at one step: the smallest adverse price shock and the smallest
 * adverse correlation shift that make the mode fail.
 *
 * - *Correlation shift* Δρ: every pair moved by Δρ toward the sign that hurts the mode's book
 *   (`adverseCorrelation`: w = net exposure × volatility per asset; clamped to ±1, repaired to PSD).
 * - *Price shock* s along a direction: by default the move that maximises the book's loss for its size under
 *   the covariance Σ(Δρ) = D ρ(Δρ) D — `m = −s √h Σx / √(xᵀΣx)`, so a linear book loses `s √h σ_p(Δρ)`: s is
 *   in h-step standard deviations of the book under the shifted correlations; or `m = s · d` for a given d.
 * - *Failure*: liquidation — some pool's equity after the move, `E − L`, below its requirement recomputed at
 *   the moved prices with the estimate's volatilities and ρ(Δρ) (the stress is instantaneous: the model is
 *   not refitted to the move, as in a clearing house's stress test); or, for a shared pool, underfunding — the
 *   move's loss above the margin the pool held, `L > R`. Values come from the pricers, so options are revalued.
 *
 * For each Δρ on the grid the smallest breaking s is found by a scan of `scanPoints` shocks and a bisection
 * (`rawShock`); the frontier's `shock` is the running minimum over the shifts up to Δρ, monotone by
 * construction, and `monotone` says whether the raw values already were. The nearest breach point minimises
 * √(s² + (Δρ/rhoPerSigma)²) over the frontier and the zero-shock intercept. Nothing of the run is changed:
 * the modes' methods are evaluated on probes and put back as they were.
 */
export class ReverseStress {
  private readonly input: ReverseStressInput;
  private readonly shocked: RiskView;
  private readonly probe: BookProbe;
  private readonly realProbe: BookProbe;
  private readonly exposure: Float64Array;
  private readonly weights: Float64Array;
  private readonly unitMove: Float64Array;
  private readonly loss: Float64Array;
  /** Shifted correlation matrices of this `compute`, by the signs of the book's exposures and the shift. */
  private readonly shifted = new Map<string, { correlation: Float64Array; repair: number }>();

  constructor(input: ReverseStressInput) {
    this.input = input;
    const n = input.assets.length;
    this.shocked = new RiskView(
      input.positions.map((p, k) => ({ instrument: p.instrument, pricer: pricerOf(p.instrument), terms: input.view.terms(k) })),
      n,
    );
    this.probe = new BookProbe(input.positions, this.shocked);
    this.realProbe = new BookProbe(input.positions, input.view);
    this.exposure = new Float64Array(n);
    this.weights = new Float64Array(n);
    this.unitMove = new Float64Array(n);
    this.loss = new Float64Array(input.positions.length);
  }

  compute(step: number, time: number, estimate: CorrelationEstimate | null, settings: ReverseStressSettings = DEFAULT_REVERSE_STRESS): ReverseStressResult {
    if (!settings.direction && !estimate) {
      throw new Error('reverse stress along the worst direction needs the correlation estimate at the date');
    }
    this.shifted.clear();
    const modes = this.input.ledgers.map((ledger) => this.mode(ledger, step, estimate, settings));
    return {
      step,
      time,
      assets: this.input.assets,
      horizonSteps: this.input.horizonSteps,
      direction: settings.direction ? 'given' : 'worst',
      settings,
      modes,
    };
  }

  private mode(ledger: ModeLedger, step: number, estimate: CorrelationEstimate | null, settings: ReverseStressSettings): ModeBreach {
    const pools = ledger.pools.filter((pool) => pool.open > 0);
    let equity = 0;
    let requirement = 0;
    let alreadyBreached = false;
    for (const pool of pools) {
      equity += pool.equity;
      requirement += pool.requirement.value;
      if (pool.equity < pool.requirement.value) alreadyBreached = true;
    }
    const n = this.input.assets.length;
    this.exposure.fill(0);
    for (let p = 0; p < ledger.open.length; p++) if (ledger.open[p]) this.exposure[this.input.positions[p].assetIndex] += ledger.exposure[p];
    const stressed = estimate ? { n, correlation: new Float64Array(n * n), volatility: estimate.volatility, repairDistance: 0, repaired: false } : null;
    const scratch = new Float64Array(2 * n * n);
    // The shifted matrix depends on the book only through the signs of its exposures: modes holding the same
    // book share it (a repair of 30 assets costs tens of ms).
    let signs = '';
    for (let a = 0; a < n; a++) signs += this.exposure[a] > 0 ? '+' : this.exposure[a] < 0 ? '-' : '0';
    const shiftTo = (rhoShift: number) => {
      if (!estimate || !stressed) return;
      const key = `${signs}:${rhoShift}`;
      let shifted = this.shifted.get(key);
      if (!shifted) {
        for (let a = 0; a < n; a++) this.weights[a] = this.exposure[a] * estimate.volatility[a];
        const correlation = new Float64Array(n * n);
        const repair = adverseCorrelation(estimate.correlation, n, this.weights, rhoShift, correlation, scratch);
        shifted = { correlation, repair };
        this.shifted.set(key, shifted);
      }
      stressed.correlation.set(shifted.correlation);
      stressed.repairDistance = shifted.repair;
      stressed.repaired = shifted.repair > 0;
    };
    const breach = (shock: number): BreachCriterion | null => this.fails(ledger, pools, step, stressed ?? estimate, shock);

    const frontier: FrontierPoint[] = [];
    let envelope: number | null = null;
    let envelopeCriterion: BreachCriterion | null = null;
    let monotone = true;
    let previousRaw = Infinity;
    const shifts = Math.round(settings.maxRhoShift / settings.rhoStep);
    // Shifts on the grid, rounded to 12 decimals (0.15, not 0.15000000000000002).
    const shiftOf = (k: number) => Math.min(settings.maxRhoShift, +(k * settings.rhoStep).toFixed(12));
    for (let k = 0; k <= shifts; k++) {
      const rhoShift = shiftOf(k);
      shiftTo(rhoShift);
      const limit = this.direct(settings, stressed ?? estimate, settings.maxShock);
      const found = alreadyBreached ? { shock: 0, criterion: breach(0) ?? 'liquidation' } : this.smallestShock(breach, limit, settings.scanPoints);
      const raw = found ? found.shock : null;
      // Raw values must not rise with the shift (no breach counts as an infinite shock).
      if ((raw ?? Infinity) > previousRaw) monotone = false;
      previousRaw = raw ?? Infinity;
      if (raw !== null && (envelope === null || raw < envelope)) {
        envelope = raw;
        envelopeCriterion = found!.criterion;
      }
      frontier.push({ rhoShift, shock: envelope, rawShock: raw, criterion: raw !== null && raw === envelope ? found!.criterion : envelopeCriterion });
    }

    // The zero-shock intercept: the smallest shift that breaks the mode with prices where they are.
    let rhoAtZeroShock: number | null = null;
    if (alreadyBreached) rhoAtZeroShock = 0;
    else if (estimate) {
      const atShift = (rhoShift: number) => {
        shiftTo(rhoShift);
        return this.fails(ledger, pools, step, stressed, 0) !== null;
      };
      let lo = 0;
      let hi = -1;
      for (let k = 1; k <= shifts; k++) {
        const rhoShift = shiftOf(k);
        if (atShift(rhoShift)) {
          hi = rhoShift;
          break;
        }
        lo = rhoShift;
      }
      if (hi >= 0) {
        for (let i = 0; i < INTERCEPT_BISECTION_STEPS; i++) {
          const mid = 0.5 * (lo + hi);
          if (atShift(mid)) hi = mid;
          else lo = mid;
        }
        rhoAtZeroShock = hi;
      }
    }

    // The nearest point of the raw frontier (each raw point is a breach at its own shift) and the intercept.
    let nearest: { shock: number; rhoShift: number; criterion: BreachCriterion; distance: number; k: number } | null = null;
    frontier.forEach((point, k) => {
      if (point.rawShock === null) return;
      const distance = Math.hypot(point.rawShock, point.rhoShift / settings.rhoPerSigma);
      if (!nearest || distance < nearest.distance) nearest = { shock: point.rawShock, rhoShift: point.rhoShift, criterion: point.criterion!, distance, k };
    });
    if (rhoAtZeroShock !== null) {
      const distance = rhoAtZeroShock / settings.rhoPerSigma;
      if (!nearest || distance < (nearest as { distance: number }).distance) nearest = { shock: 0, rhoShift: rhoAtZeroShock, criterion: 'liquidation', distance, k: -1 };
    }
    let detail: BreachPoint | null = null;
    if (nearest) {
      const near = nearest as { shock: number; rhoShift: number; criterion: BreachCriterion; distance: number };
      shiftTo(near.rhoShift);
      this.direct(settings, stressed ?? estimate, settings.maxShock);
      const after = this.outcome(ledger, pools, step, stressed ?? estimate, near.shock);
      detail = { ...near, moves: Array.from(this.unitMove, (m) => m * near.shock), loss: after.loss, equityAfter: after.equity, requirementAfter: after.requirement };
    }
    for (const pool of pools) this.realProbe.load(ledger, pool, step, estimate).evaluate();
    return { mode: ledger.definition.name, equity, requirement, alreadyBreached, liquidated: pools.length === 0, frontier, monotone, rhoAtZeroShock, nearest: detail };
  }

  /**
   * Set `unitMove` (the relative move per unit of shock) for the current correlation shift; returns the
   * largest shock to search: `maxShock`, or less when a price would fall by 99 % or more before it.
   */
  private direct(settings: ReverseStressSettings, estimate: CorrelationEstimate | null, maxShock: number): number {
    const n = this.input.assets.length;
    const move = this.unitMove;
    if (settings.direction) {
      for (let a = 0; a < n; a++) move[a] = settings.direction[a] ?? 0;
    } else {
      const { correlation, volatility } = estimate!;
      let quad = 0;
      for (let a = 0; a < n; a++) this.weights[a] = this.exposure[a] * volatility[a];
      for (let a = 0; a < n; a++) {
        let row = 0;
        for (let b = 0; b < n; b++) row += correlation[a * n + b] * this.weights[b];
        move[a] = row;
        quad += this.weights[a] * row;
      }
      const sigma = Math.sqrt(quad > 0 ? quad : 0);
      const scale = sigma > 0 ? -Math.sqrt(this.input.horizonSteps) / sigma : 0;
      for (let a = 0; a < n; a++) move[a] *= scale * volatility[a];
    }
    let limit = maxShock;
    for (let a = 0; a < n; a++) if (move[a] < 0) limit = Math.min(limit, 0.99 / -move[a]);
    return limit;
  }

  /** Smallest shock in (0, limit] that breaks the mode: a scan, then a bisection; null when none does. */
  private smallestShock(breach: (shock: number) => BreachCriterion | null, limit: number, points: number): { shock: number; criterion: BreachCriterion } | null {
    if (!(limit > 0)) return null;
    let lo = 0;
    let hi = -1;
    let criterion: BreachCriterion | null = null;
    for (let k = 1; k <= points; k++) {
      const s = (limit * k) / points;
      criterion = breach(s);
      if (criterion) {
        hi = s;
        break;
      }
      lo = s;
    }
    if (hi < 0) return null;
    for (let i = 0; i < BISECTION_STEPS; i++) {
      const mid = 0.5 * (lo + hi);
      const c = breach(mid);
      if (c) {
        hi = mid;
        criterion = c;
      } else lo = mid;
    }
    return { shock: hi, criterion: criterion! };
  }

  /** The criterion the mode fails by at this shock (liquidation first), or null. */
  private fails(ledger: ModeLedger, pools: ModeLedger['pools'], step: number, estimate: CorrelationEstimate | null, shock: number): BreachCriterion | null {
    const result = this.outcome(ledger, pools, step, estimate, shock);
    return result.liquidation ? 'liquidation' : result.underfunding ? 'underfunding' : null;
  }

  /** The mode's book after the move `shock · unitMove`: per pool, loss, equity and requirement. */
  private outcome(ledger: ModeLedger, pools: ModeLedger['pools'], step: number, estimate: CorrelationEstimate | null, shock: number) {
    const view = this.input.view;
    const market = this.shocked.market;
    market.copyFrom(view.market);
    for (let a = 0; a < market.assets; a++) market.price[a] = view.market.price[a] * (1 + shock * this.unitMove[a]);
    this.shocked.mark();
    const after = this.shocked.value;
    for (let p = 0; p < this.loss.length; p++) this.loss[p] = ledger.open[p] ? -ledger.quantity[p] * (after[p] - view.value[p]) : 0;
    let liquidation = false;
    let underfunding = false;
    let loss = 0;
    let equity = 0;
    let requirement = 0;
    for (const pool of pools) {
      let poolLoss = 0;
      for (const p of pool.members) if (pool.mask[p]) poolLoss += this.loss[p];
      this.probe.load(ledger, pool, step, estimate);
      this.probe.remark();
      const required = this.probe.evaluate();
      const poolEquity = pool.equity - poolLoss;
      if (poolEquity < required) liquidation = true;
      if (!ledger.perPosition && poolLoss > pool.requirement.value) underfunding = true;
      loss += poolLoss;
      equity += poolEquity;
      requirement += required;
    }
    return { liquidation, underfunding, loss, equity, requirement };
  }
}
