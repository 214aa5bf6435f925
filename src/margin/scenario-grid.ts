import { XmarginError } from '../core/errors.js';
import { EXPIRY_TERM, STRIKE_TERM } from '../instruments/option-instrument.js';
import { MarketMove } from '../market/market-move.js';
import type { PositionVolatilityMove } from '../valuation/risk-view.js';
import { MS_PER_DAY } from '../valuation/year-fraction.js';
import { correlatedSum } from './correlated-sum.js';
import { applyDiversificationRules, type DiversificationRules } from './diversification.js';
import { gridScenarios } from './grid-scenarios.js';
import type { GridSpec, VolatilityScan } from './grid-spec.js';
import type { CoveredMoves, MarginMethod, MarginState, Requirement } from './margin-method.js';
import { netShortOptionContingency, offsettingFuturesContingency, shortOptionMinimum } from './risk-unit-charges.js';
import { withRevaluingReevaluation } from './revaluing-reevaluation.js';

/** How the risk units' requirements are combined: added (venues), or with the estimator's correlations. */
export type UnitCombination = 'sum' | 'correlation';

export interface ScenarioGridOptions {
  /** The grid, resolved: preset, the mode's replacements, the scan ranges. */
  readonly grid: GridSpec;
  /** Name shown in the label (the preset). */
  readonly name: string;
  readonly combine: UnitCombination;
  readonly horizonSteps: number;
  readonly assets: number;
  readonly positions: number;
  /** Asset names in engine order (to resolve `priceScan.points`). */
  readonly assetNames?: readonly string[];
  readonly rules: DiversificationRules;
  /** JSON path of the mode (`margin.modes[4]`), to locate a scan that moves a price out of range. */
  readonly path?: string;
}

/** The first diagnostic series of a grid mode, before one `grid#k …` series per scenario. */
export const GRID_DIAGNOSTICS = ['scan_risk', 'contingency', 'worst_scenario', 'worst_price_move', 'worst_volatility_move'] as const;

/** `grid#3 +1/3 up`: the series of scenario 3 (1-based, in the grid's order), its price and volatility move. */
export function gridSeriesName(index: number, label: string): string {
  return `grid#${index + 1} ${label}`;
}

/**
 * Scenario-grid margin (SPAN's risk arrays, Deribit's portfolio margin): each risk unit — the positions on one
 * underlying — is revalued through the pricers under every scenario of the grid (a price move and an
 * implied-volatility move, time moved forward by the look-ahead), and its scan risk is the largest weighted
 * loss, at least 0:
 *
 *   scan_u = max(0, max_k w_k · L_u(k)),   L_u(k) = −Σ_{p in u} q_p (V_p(scenario k) − V_p)
 *
 * A unit's requirement is `max(scan_u, short-option minimum_u) + contingency_u`; the units are added
 * (`combine: sum`) or combined as `√(vᵀ ρ v)` with the estimator's correlations (`combine: correlation`),
 * then the cap, floor and add-on (`applyDiversificationRules`). Standalone: the same grid on each position
 * alone. Price scan range per unit: a fraction of its price, price points, or `z · σ_t · √h · S`.
 * Volatility scan: absolute or relative, optionally scaled per option by `(T_ref / max(DTE, floor))^power`.
 *
 * Cost per step: (scenarios × open positions) pricer calls (SPAN: 16, Deribit: 35 per position); no allocation.
 */
export function scenarioGrid(options: ScenarioGridOptions): MarginMethod {
  const { grid, combine, horizonSteps, rules } = options;
  const assetCount = options.assets;
  const positionCount = options.positions;
  const scenarios = gridScenarios(grid);
  const K = scenarios.count;
  const priceScan = resolvePriceScan(grid, assetCount, options.assetNames);
  const volatilityScan: VolatilityScan | undefined = grid.volatilityScan;
  const lookAhead = (grid.lookAheadDays ?? 0) * MS_PER_DAY;
  const sqrtH = Math.sqrt(horizonSteps);

  // Per-lane buffers, sized on the first evaluation (the view's lane count).
  let lanes = 0;
  let move = new MarketMove(assetCount, 1, 'grid scenario');
  let volatilityUp = volatilityMove(0);
  let volatilityDown = volatilityMove(0);
  let values = new Float64Array(0);
  const volatilityScenarios = Array.from(scenarios.volatility).some((v) => v !== 0);
  const loss = new Float64Array(K * positionCount);
  const open = new Int32Array(positionCount);
  const range = new Float64Array(assetCount);
  const held = new Uint8Array(assetCount);
  const unitScan = new Float64Array(assetCount);
  const unitTotal = new Float64Array(assetCount);
  const unitLoss = new Float64Array(assetCount);
  const longUnits = new Float64Array(assetCount);
  const shortUnits = new Float64Array(assetCount);
  const shortOptionUnits = new Float64Array(assetCount);
  const legStrike = new Float64Array(positionCount);
  const legExpiry = new Float64Array(positionCount);
  const legUnits = new Float64Array(positionCount);
  const bookLoss = new Float64Array(K);
  const covered: CoveredMoves = {
    priceDown: new Float64Array(assetCount),
    priceUp: new Float64Array(assetCount),
    volatilityDown: new Float64Array(assetCount),
    volatilityUp: new Float64Array(assetCount),
  };
  const names = [...GRID_DIAGNOSTICS, ...scenarios.labels.map((label, k) => gridSeriesName(k, label))];
  const diagnostics = { names, values: new Float64Array(names.length).fill(Number.NaN) };
  const som = grid.shortOptionMinimum ?? 0;
  /** The step's totals, written by the phases of `evaluate` (no object per step). */
  const totals = { standaloneSum: 0, gross: 0, scan: 0, contingency: 0 };
  const contingency = grid.contingency;

  const method: MarginMethod = {
    label: `scenario-grid(${options.name}, ${K} scenarios, ${combine})`,
    needs: { estimate: priceScan.kind === 'sigmas' || combine === 'correlation', historySteps: 0, greeks: false },
    diagnostics,
    coveredMoves: covered,
    bind() {},
    evaluate(state: MarginState, out: Requirement): void {
      const view = state.view;
      if (view.lanes !== lanes) sizeForLanes(view.lanes);
      const estimate = state.estimate;
      if ((priceScan.kind === 'sigmas' || combine === 'correlation') && !estimate) {
        throw new Error('scenario grid evaluated before the estimator is ready');
      }
      const count = openPositions(state, out);
      scanRanges(state, estimate);
      if (volatilityScan) positionVolatilityMoves(state, count);
      if (volatilityScenarios && !volatilityScan) requireNoOptions(state, open, count, options.name);
      revalue(state, count);
      const worst = scanRisk(state, count);
      standaloneCharges(state, count, out);
      unitCharges(state, count);
      out.standaloneSum = totals.standaloneSum;
      out.diversified = combine === 'sum' ? totals.scan + totals.contingency : correlatedSum(unitTotal, held, estimate!.correlation, assetCount);
      applyDiversificationRules(out, totals.gross, rules);
      recordDiagnostics(worst);
    },
  };
  // Factor attribution of its exceedances: the same evaluation on the substituted inputs.
  return withRevaluingReevaluation(method, { volatility: priceScan.kind === 'sigmas', correlation: combine === 'correlation' });


  /** Buffers per lane, sized when the view's lane count changes (once per run). */
  function sizeForLanes(count: number): void {
    lanes = count;
    move = new MarketMove(assetCount, lanes, 'grid scenario');
    values = new Float64Array(lanes * positionCount);
    volatilityUp = volatilityMove(lanes * positionCount);
    volatilityDown = volatilityMove(lanes * positionCount);
  }

  /** The pool's open positions into `open` (their count returned) and the units they form into `held`. */
  function openPositions(state: MarginState, out: Requirement): number {
    let count = 0;
    held.fill(0);
    for (const p of state.members) {
      if (!state.open[p]) {
        out.standalone[p] = 0;
        continue;
      }
      open[count++] = p;
      held[state.positions[p].assetIndex] = 1;
    }
    return count;
  }

  /** Price scan range of each held unit, as a fraction of its price, and the moves it covers at full weight. */
  function scanRanges(state: MarginState, estimate: MarginState['estimate']): void {
    const market = state.view.market;
    const row = state.lane * assetCount;
    for (let a = 0; a < assetCount; a++) {
      if (!held[a]) {
        range[a] = Number.NaN;
        covered.priceDown[a] = covered.priceUp[a] = covered.volatilityDown[a] = covered.volatilityUp[a] = Number.NaN;
        continue;
      }
      const S = market.price[row + a];
      range[a] = priceScan.kind === 'relative' ? priceScan.size
        : priceScan.kind === 'points' ? priceScan.points[a] / S
        : priceScan.z * estimate!.volatility[a] * sqrtH;
      coverage(a, market.impliedVol[row + a]);
    }
  }

  /** Each open position's implied-volatility move up and down (term-scaled per option where the grid says so). */
  function positionVolatilityMoves(state: MarginState, count: number): void {
    const scan = volatilityScan!;
    const view = state.view;
    const lane = state.lane;
    const base = lane * positionCount;
    const relative = scan.relative !== undefined;
    const up = relative ? scan.relative! : scan.absolute!;
    const down = scan.down ?? up;
    const term = scan.termScaling;
    for (let k = 0; k < count; k++) {
      const p = open[k];
      let factor = 1;
      const instrument = state.positions[p].instrument;
      if (term && instrument.kind === 'option') {
        const days = (view.terms(p)[lane * 2 + EXPIRY_TERM] - view.market.time) / MS_PER_DAY;
        factor = Math.pow(term.referenceDays / Math.max(days, term.minimumDays), term.power);
        // A power of 1e308 makes the move ∞: the pricer would refuse it without naming the setting.
        if (!(up * factor < Infinity && down * factor < Infinity)) {
          const date = new Date(view.market.time).toISOString().slice(0, 10);
          throw new XmarginError('E_INPUT_SCENARIO', `scenario grid ${options.name}: the term scaling (${term.referenceDays} / max(${days.toFixed(2)} days, ${term.minimumDays}))^${term.power} makes the volatility move of ${instrument.id} ${up * factor} on ${date}; expected a finite move`, options.path ? { path: `${options.path}.volatilityScan.termScaling` } : {});
        }
      }
      const j = base + p;
      volatilityUp.relative[j] = relative ? up * factor : 0;
      volatilityUp.absolute[j] = relative ? 0 : up * factor;
      volatilityDown.relative[j] = relative ? -down * factor : 0;
      volatilityDown.absolute[j] = relative ? 0 : -down * factor;
    }
  }

  /** Revalue the open positions under every scenario: `loss[k · P + p]`, unweighted. */
  function revalue(state: MarginState, count: number): void {
    const view = state.view;
    const base = state.lane * positionCount;
    const row = state.lane * assetCount;
    move.reset();
    move.timeShift = lookAhead;
    for (let k = 0; k < K; k++) {
      const multiple = scenarios.rangeMultiple[k];
      for (let a = 0; a < assetCount; a++) {
        if (!held[a]) continue;
        const factor = 1 + (multiple === multiple ? multiple * range[a] : scenarios.fixedMove[k]);
        // ∞ too (a relative range of 1e308): the option pricer would refuse it without saying which mode or scan.
        if (!(factor > 0 && factor * view.market.price[row + a] < Infinity)) {
          const date = new Date(view.market.time).toISOString().slice(0, 10);
          throw new XmarginError('E_INPUT_SCENARIO', `scenario grid ${options.name}: scenario ${k + 1} (${scenarios.labels[k]}) moves asset ${options.assetNames?.[a] ?? a} by ${((factor - 1) * 100).toFixed(1)} %, to ${factor > 0 ? 'an infinite price' : 'a price ≤ 0'} (price scan range ${(range[a] * 100).toFixed(2)} % on ${date}, step ${state.step}); expected a smaller scan range`, options.path ? { path: `${options.path}.priceScan` } : {});
        }
        move.priceFactor[row + a] = factor;
      }
      const direction = scenarios.volatility[k];
      view.valueUnderEach(move, values, direction > 0 && volatilityScan ? volatilityUp : direction < 0 && volatilityScan ? volatilityDown : null, open, count);
      const offset = k * positionCount;
      for (let i = 0; i < count; i++) {
        const p = open[i];
        loss[offset + p] = -state.quantity[p] * (values[base + p] - view.value[base + p]);
      }
    }
  }

  /** Scan risk per unit (`unitScan`: its largest weighted loss) and the book's weighted loss per scenario; the worst scenario. */
  function scanRisk(state: MarginState, count: number): number {
    unitScan.fill(0);
    let worst = 0;
    for (let k = 0; k < K; k++) {
      const w = scenarios.weight[k];
      const offset = k * positionCount;
      unitLoss.fill(0);
      let book = 0;
      for (let i = 0; i < count; i++) {
        const p = open[i];
        const l = loss[offset + p];
        unitLoss[state.positions[p].assetIndex] += l;
        book += l;
      }
      for (let a = 0; a < assetCount; a++) if (held[a] && w * unitLoss[a] > unitScan[a]) unitScan[a] = w * unitLoss[a];
      bookLoss[k] = w * book;
      if (bookLoss[k] > bookLoss[worst]) worst = k;
    }
    return worst;
  }

  /**
   * Each position alone: its scan risk, the short-option minimum and its contingency (`out.standalone`);
   * the units' long, short and short-option quantities for the unit charges. Returns the standalone sum and
   * the gross exposure (into `totals`).
   */
  function standaloneCharges(state: MarginState, count: number, out: Requirement): void {
    const market = state.view.market;
    const row = state.lane * assetCount;
    longUnits.fill(0);
    shortUnits.fill(0);
    shortOptionUnits.fill(0);
    let standaloneSum = 0;
    let gross = 0;
    for (let i = 0; i < count; i++) {
      const p = open[i];
      const a = state.positions[p].assetIndex;
      const S = market.price[row + a];
      const instrument = state.positions[p].instrument;
      const units = state.quantity[p] * instrument.multiplier;
      let scan = 0;
      for (let k = 0; k < K; k++) {
        const l = scenarios.weight[k] * loss[k * positionCount + p];
        if (l > scan) scan = l;
      }
      let alone = scan;
      let extra = 0;
      if (instrument.kind === 'option') {
        if (units < 0) {
          shortOptionUnits[a] -= units;
          alone = Math.max(scan, shortOptionMinimum(-units, som, S));
          if (contingency) extra = contingency.shortOptionPerContract * S * -units;
        }
      } else if (units > 0) longUnits[a] += units;
      else shortUnits[a] -= units;
      const standalone = alone + extra;
      out.standalone[p] = standalone;
      standaloneSum += standalone;
      gross += Math.abs(state.exposure[p]);
    }
    totals.standaloneSum = standaloneSum;
    totals.gross = gross;
  }

  /** Each unit's requirement (`unitTotal`: scan risk at least the short-option minimum, plus contingencies) and the totals. */
  function unitCharges(state: MarginState, count: number): void {
    const view = state.view;
    const market = view.market;
    const lane = state.lane;
    const row = lane * assetCount;
    let scanTotal = 0;
    let contingencyTotal = 0;
    for (let a = 0; a < assetCount; a++) {
      if (!held[a]) {
        unitTotal[a] = 0;
        continue;
      }
      const S = market.price[row + a];
      const scan = Math.max(unitScan[a], shortOptionMinimum(shortOptionUnits[a], som, S));
      let extra = 0;
      if (contingency) {
        let legs = 0;
        for (let i = 0; i < count; i++) {
          const p = open[i];
          if (state.positions[p].assetIndex !== a || state.positions[p].instrument.kind !== 'option') continue;
          const terms = view.terms(p);
          legStrike[legs] = terms[lane * 2 + STRIKE_TERM];
          legExpiry[legs] = terms[lane * 2 + EXPIRY_TERM];
          legUnits[legs] = state.quantity[p] * state.positions[p].instrument.multiplier;
          legs++;
        }
        extra = netShortOptionContingency(legStrike, legExpiry, legUnits, legs, contingency.shortOptionPerContract, S)
          + offsettingFuturesContingency(longUnits[a], shortUnits[a], contingency.offsettingFutures, S);
      }
      unitTotal[a] = scan + extra;
      scanTotal += scan;
      contingencyTotal += extra;
    }
    totals.scan = scanTotal;
    totals.contingency = contingencyTotal;
  }

  /** Diagnostics: the totals, the book's worst scenario (its move and volatility direction) and the whole grid. */
  function recordDiagnostics(worst: number): void {
    const d = diagnostics.values;
    d[0] = totals.scan;
    d[1] = totals.contingency;
    d[2] = worst + 1;
    let driver = -1;
    for (let a = 0; a < assetCount; a++) if (held[a] && (driver < 0 || unitTotal[a] > unitTotal[driver])) driver = a;
    const multiple = scenarios.rangeMultiple[worst];
    d[3] = driver < 0 ? Number.NaN : multiple === multiple ? multiple * range[driver] : scenarios.fixedMove[worst];
    d[4] = scenarios.volatility[worst];
    for (let k = 0; k < K; k++) d[GRID_DIAGNOSTICS.length + k] = bookLoss[k];
  }

  /** The moves the grid covers at full weight for held asset `a`, whose at-the-money volatility is `sigma`. */
  function coverage(a: number, sigma: number): void {
    let down = 0;
    let up = 0;
    let volatilityDown = false;
    let volatilityUp = false;
    for (let k = 0; k < K; k++) {
      if (scenarios.weight[k] !== 1) continue;
      const multiple = scenarios.rangeMultiple[k];
      const m = multiple === multiple ? multiple * range[a] : scenarios.fixedMove[k];
      if (m < down) down = m;
      if (m > up) up = m;
      if (scenarios.volatility[k] > 0) volatilityUp = true;
      if (scenarios.volatility[k] < 0) volatilityDown = true;
    }
    covered.priceDown[a] = down;
    covered.priceUp[a] = up;
    const scan = volatilityScan;
    if (!scan) {
      covered.volatilityUp[a] = covered.volatilityDown[a] = 0;
      return;
    }
    // At the at-the-money tenor the term scaling is 1; a relative scan is a fraction of the volatility.
    const unit = scan.relative !== undefined ? sigma : 1;
    const upSize = scan.relative ?? scan.absolute!;
    covered.volatilityUp[a] = volatilityUp ? upSize * unit : 0;
    covered.volatilityDown[a] = volatilityDown ? (scan.down ?? upSize) * unit : 0;
  }
}

function volatilityMove(size: number): PositionVolatilityMove {
  return { relative: new Float64Array(size), absolute: new Float64Array(size) };
}

/** The price scan range resolved against the assets. */
type ResolvedPriceScan =
  | { readonly kind: 'relative'; readonly size: number }
  | { readonly kind: 'points'; readonly points: Float64Array }
  | { readonly kind: 'sigmas'; readonly z: number };

function resolvePriceScan(grid: GridSpec, assets: number, names: readonly string[] | undefined): ResolvedPriceScan {
  const scan = grid.priceScan;
  if (!scan) throw new XmarginError('E_INPUT_SCENARIO', 'expected a price scan range (one of relative, points, sigmas): the grid gives none', { path: 'priceScan' });
  if (scan.relative !== undefined) return { kind: 'relative', size: scan.relative };
  if (scan.sigmas !== undefined) return { kind: 'sigmas', z: scan.sigmas };
  const given = scan.points!;
  if (!names) throw new XmarginError('E_INPUT_SCENARIO', 'price points per asset need the asset names', { path: 'priceScan.points' });
  for (const key of Object.keys(given)) {
    if (!names.includes(key)) throw new XmarginError('E_INPUT_SCENARIO', `unknown asset ${JSON.stringify(key)}; the book holds ${names.join(', ')}`, { path: `priceScan.points.${key}` });
  }
  const points = new Float64Array(assets);
  names.forEach((name, a) => {
    if (given[name] === undefined) throw new XmarginError('E_INPUT_SCENARIO', `expected a price scan range for every asset of the book; none for ${JSON.stringify(name)}`, { path: 'priceScan.points' });
    points[a] = given[name];
  });
  return { kind: 'points', points };
}

/** A grid without a volatility scan range can only revalue books without options. */
function requireNoOptions(state: MarginState, open: Int32Array, count: number, name: string): void {
  for (let i = 0; i < count; i++) {
    if (state.positions[open[i]].instrument.kind === 'option') {
      throw new XmarginError('E_INPUT_SCENARIO', `scenario grid ${name} has volatility scenarios but no volatility scan range, and the book holds options (${state.positions[open[i]].instrument.id}); give volatilityScan`, { path: 'volatilityScan' });
    }
  }
}
