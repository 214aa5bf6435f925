import { formatList } from '../core/name-list.js';
import { eventKinds } from './event-kind-registry.js';
import { registerAnalysisEventKinds } from './analysis-event-kinds.js';
import { GRID_COVERAGES, UNDERFUNDING_CAUSES, type LiquidationAvoidedEvent, type LiquidationEvent, type RunEvent, type TradeEvent, type UnderfundedEvent } from './events.js';

/** The four built-in event kinds, in the order of the `events.csv` columns they introduced. */

const liquidation = (e: RunEvent) => e as LiquidationEvent;
const avoided = (e: RunEvent) => e as LiquidationAvoidedEvent;
const underfunded = (e: RunEvent) => e as UnderfundedEvent;
const trade = (e: RunEvent) => e as TradeEvent;

eventKinds.register({
  kind: 'liquidation',
  description: 'a pool liquidated in one mode: its legs closed at the step\'s marks, the fee charged, bad debt written off',
  order: 0,
  alwaysInHeader: true,
  columns: ['scope', 'pool', 'assets', 'prices', 'equity', 'requirement', 'notional_closed', 'fee', 'equity_after', 'bad_debt'],
  optionalColumns: ['check', 'liquidation_prices', 'fractions'],
  toRow: (event) => {
    const e = liquidation(event);
    return {
      scope: e.scope, pool: e.pool, assets: formatList(e.assets), prices: e.prices.join(';'), equity: e.equity, requirement: e.requirement,
      notional_closed: e.notionalClosed, fee: e.fee, equity_after: e.equityAfter, bad_debt: e.badDebt,
      check: e.check,
      // A leg no price liquidates has no liquidation price: an empty item.
      liquidation_prices: e.liquidationPrices?.map((x) => (Number.isFinite(x) ? String(x) : '')).join(';'),
      fractions: e.fractions?.join(';'),
    };
  },
  fromRow: (r) => ({
    scope: r.oneOf('scope', ['position', 'account'] as const),
    pool: r.text('pool'),
    assets: r.list('assets'),
    prices: r.numberList('prices'),
    equity: r.number('equity'),
    requirement: r.number('requirement'),
    notionalClosed: r.number('notional_closed'),
    fee: r.number('fee'),
    equityAfter: r.number('equity_after'),
    badDebt: r.number('bad_debt'),
    ...(r.has('check') ? { check: r.oneOf('check', ['close', 'intrabar'] as const) } : {}),
    ...(r.has('liquidation_prices') ? { liquidationPrices: r.gappedNumberList('liquidation_prices') } : {}),
    ...(r.has('fractions') ? { fractions: r.numberList('fractions') } : {}),
  }),
  table: {
    id: 'events-liquidation',
    title: 'Liquidations',
    noun: ['liquidation', 'liquidations'],
    columns: [
      { label: 'time', format: 'time', value: (e) => e.time },
      { label: 'mode', format: 'text', value: (e) => e.mode },
      { label: 'scope', format: 'text', value: (e) => liquidation(e).scope },
      { label: 'pool', format: 'text', value: (e) => liquidation(e).pool },
      { label: 'assets closed', format: 'text', value: (e) => liquidation(e).assets.join(', ') },
      { label: 'closed', format: 'text', optional: true, value: (e) => liquidation(e).fractions?.map((f) => `${+(f * 100).toFixed(4)} %`).join(', ') ?? null },
      { label: 'check', format: 'text', optional: true, value: (e) => liquidation(e).check ?? null, tone: (e) => (liquidation(e).check === 'intrabar' ? 'warn' : null) },
      { label: 'liquidation price', format: 'text', optional: true, value: (e) => liquidation(e).liquidationPrices?.map(formatPrice).join(', ') ?? null },
      { label: 'fill price', format: 'text', optional: true, value: (e) => (liquidation(e).check || liquidation(e).liquidationPrices ? liquidation(e).prices.map(formatPrice).join(', ') : null) },
      { label: 'equity', format: 'amount', value: (e) => liquidation(e).equity },
      { label: 'requirement', format: 'amount', value: (e) => liquidation(e).requirement },
      { label: 'notional closed', format: 'amount', value: (e) => liquidation(e).notionalClosed },
      { label: 'fee', format: 'amount', value: (e) => liquidation(e).fee },
      { label: 'bad debt', format: 'amount', value: (e) => liquidation(e).badDebt, tone: (e) => (liquidation(e).badDebt > 0 ? 'alert' : null) },
    ],
  },
});

eventKinds.register({
  kind: 'liquidation_avoided',
  description: 'isolated margin liquidated a position at a step where a cross mode was not liquidated and still held it',
  order: 1,
  alwaysInHeader: true,
  columns: ['isolated_mode', 'asset', 'assets', 'cross_headroom', 'isolated_loss', 'cross_liquidated_later', 'cross_liquidated_step', 'cross_liquidated_time', 'cross_outcome', 'capital_saved'],
  toRow: (event) => {
    const e = avoided(event);
    return {
      isolated_mode: e.isolatedMode, asset: e.asset, assets: e.asset, cross_headroom: e.crossHeadroom, isolated_loss: e.isolatedLoss,
      cross_liquidated_later: e.crossLiquidatedLater, cross_liquidated_step: e.crossLiquidatedStep,
      cross_liquidated_time: isoTime(e.crossLiquidatedTime), cross_outcome: e.crossOutcome, capital_saved: e.capitalSaved,
    };
  },
  fromRow: (r) => ({
    isolatedMode: r.text('isolated_mode'),
    asset: r.text('asset'),
    crossHeadroom: r.number('cross_headroom'),
    isolatedLoss: r.number('isolated_loss'),
    crossLiquidatedLater: r.boolean('cross_liquidated_later'),
    crossLiquidatedStep: r.nullableInteger('cross_liquidated_step'),
    crossLiquidatedTime: r.nullableTime('cross_liquidated_time'),
    crossOutcome: r.number('cross_outcome'),
    capitalSaved: r.number('capital_saved'),
  }),
  table: {
    id: 'events-avoided',
    title: 'Liquidations avoided by cross margin',
    noun: ['avoided liquidation', 'avoided liquidations'],
    explain: () => ' Avoided for good: the cross mode never liquidated the position later; postponed: it did (when, and the position\'s P&L then, are the outcome). Capital saved = what the position made or lost in the cross mode afterwards, minus what the isolated close-out lost.',
    columns: [
      { label: 'time', format: 'time', value: (e) => e.time },
      { label: 'cross mode', format: 'text', value: (e) => e.mode },
      { label: 'isolated mode', format: 'text', value: (e) => avoided(e).isolatedMode },
      { label: 'asset', format: 'text', value: (e) => avoided(e).asset },
      { label: 'cross headroom', format: 'amount', value: (e) => avoided(e).crossHeadroom },
      { label: 'isolated loss', format: 'amount', value: (e) => avoided(e).isolatedLoss },
      { label: 'cross outcome', format: 'amount', value: (e) => avoided(e).crossOutcome },
      { label: 'capital saved', format: 'amount', value: (e) => avoided(e).capitalSaved, tone: (e) => (avoided(e).capitalSaved < 0 ? 'warn' : 'ok') },
      {
        label: 'outcome', format: 'text',
        value: (e) => (avoided(e).crossLiquidatedLater ? `postponed to ${new Date(avoided(e).crossLiquidatedTime!).toISOString().slice(0, 10)}` : 'avoided for good'),
        tone: (e) => (avoided(e).crossLiquidatedLater ? 'warn' : 'ok'),
      },
    ],
  },
});

eventKinds.register({
  kind: 'underfunded',
  description: 'the loss over the next h steps of the positions held at a step exceeded the requirement held then (the margin backtest)',
  order: 2,
  alwaysInHeader: true,
  columns: [
    'horizon_steps', 'loss', 'requirement', 'shortfall', 'standalone_sum', 'cause', 'standalone_covered', 'volatility_part', 'correlation_part',
    'implied_volatility_part', 'realised_requirement', 'residual', 'realised_steps', 'legs', 'assets', 'estimated_correlation', 'realised_correlation',
    'grid_coverage',
  ],
  toRow: (event) => {
    const e = underfunded(event);
    return {
      horizon_steps: e.horizonSteps, loss: e.loss, requirement: e.requirement, shortfall: e.shortfall,
      standalone_sum: e.standaloneSum, cause: e.cause, standalone_covered: e.standaloneCovered, volatility_part: e.volatilityPart,
      correlation_part: e.correlationPart, implied_volatility_part: e.impliedVolatilityPart, realised_requirement: e.realisedRequirement,
      residual: e.residual, realised_steps: e.realisedSteps, legs: formatList(e.legs), assets: formatList(e.legs),
      estimated_correlation: e.estimatedCorrelation, realised_correlation: e.realisedCorrelation, grid_coverage: e.gridCoverage,
    };
  },
  fromRow: (r) => ({
    horizonSteps: r.integer('horizon_steps'),
    loss: r.number('loss'),
    requirement: r.number('requirement'),
    shortfall: r.number('shortfall'),
    standaloneSum: r.number('standalone_sum'),
    cause: r.oneOf('cause', UNDERFUNDING_CAUSES),
    standaloneCovered: r.boolean('standalone_covered'),
    volatilityPart: r.nullableNumber('volatility_part'),
    correlationPart: r.nullableNumber('correlation_part'),
    impliedVolatilityPart: r.nullableNumber('implied_volatility_part'),
    realisedRequirement: r.nullableNumber('realised_requirement'),
    residual: r.nullableNumber('residual'),
    realisedSteps: r.integer('realised_steps'),
    legs: r.list('legs'),
    estimatedCorrelation: r.nullableNumber('estimated_correlation'),
    realisedCorrelation: r.nullableNumber('realised_correlation'),
    gridCoverage: r.text('grid_coverage') === '' ? null : r.oneOf('grid_coverage', GRID_COVERAGES),
  }),
  table: {
    id: 'events-underfunded',
    title: 'Underfunded steps',
    noun: ['underfunded step', 'underfunded steps'],
    keepLargest: { value: (e) => underfunded(e).shortfall, label: 'shortfalls' },
    explain: (events) => {
      const h = underfunded(events[0]).horizonSteps;
      return ` Loss over the next ${h} step${h === 1 ? '' : 's'} of the positions held. Cause from the factor attribution: the parts of the ` +
        'requirement\'s shortfall explained by the realised volatility and correlation (Shapley); "≤ S": the standalone sum would have covered the loss. ' +
        'Correlations of the two legs that lost most.';
    },
    columns: [
      { label: 'time', format: 'time', value: (e) => e.time },
      { label: 'mode', format: 'text', value: (e) => e.mode },
      { label: 'loss', format: 'amount', value: (e) => underfunded(e).loss },
      { label: 'requirement', format: 'amount', value: (e) => underfunded(e).requirement },
      { label: 'shortfall', format: 'amount', value: (e) => underfunded(e).shortfall, tone: () => 'alert' },
      { label: 'standalone sum', format: 'amount', value: (e) => underfunded(e).standaloneSum },
      { label: 'cause', format: 'text', value: (e) => underfunded(e).cause.replace('_', ' '), tone: (e) => (underfunded(e).cause === 'correlation_breakdown' ? 'warn' : null) },
      { label: 'volatility part', format: 'amount', value: (e) => underfunded(e).volatilityPart },
      { label: 'correlation part', format: 'amount', value: (e) => underfunded(e).correlationPart },
      {
        label: 'implied vol. part', format: 'amount', value: (e) => underfunded(e).impliedVolatilityPart,
        when: (events) => events.some((e) => (underfunded(e).impliedVolatilityPart ?? 0) !== 0),
      },
      { label: '≤ S', format: 'text', value: (e) => (underfunded(e).standaloneCovered ? 'yes' : 'no') },
      { label: 'legs', format: 'text', value: (e) => (underfunded(e).legs.length > 0 ? underfunded(e).legs.join(' / ') : '-') },
      { label: 'estimated ρ', format: 'decimal', value: (e) => underfunded(e).estimatedCorrelation },
      { label: 'realised ρ', format: 'decimal', value: (e) => underfunded(e).realisedCorrelation },
      {
        label: 'realised move vs grid',
        format: 'text',
        value: (e) => underfunded(e).gridCoverage?.replace('_', ' ') ?? '-',
        tone: (e) => (underfunded(e).gridCoverage === 'inside' ? 'alert' : null),
        when: (events) => events.some((e) => underfunded(e).gridCoverage !== null),
      },
    ],
  },
});

eventKinds.register({
  kind: 'trade',
  description: 'a trade the book\'s own rules made in one mode: an option rolled (closed at model value, a new contract opened) or settled at expiry, a hedge rebalanced',
  // Trades happen before the step's margin check: first among the step's events.
  order: -1,
  columns: ['asset', 'instrument', 'action', 'reason', 'quantity', 'price', 'fee', 'strike', 'expiry'],
  toRow: (event) => {
    const e = trade(event);
    return {
      asset: e.asset, instrument: e.instrument, action: e.action, reason: e.reason, quantity: e.quantity, price: e.price, fee: e.fee,
      strike: e.strike, expiry: isoTime(e.expiry),
    };
  },
  fromRow: (r) => ({
    asset: r.text('asset'),
    instrument: r.text('instrument'),
    action: r.oneOf('action', ['open', 'close', 'rebalance', 'settle'] as const),
    reason: r.oneOf('reason', ['roll', 'hedge', 'expiry'] as const),
    quantity: r.number('quantity'),
    price: r.number('price'),
    fee: r.number('fee'),
    strike: r.nullableNumber('strike'),
    expiry: r.nullableTime('expiry'),
  }),
  table: {
    id: 'events-trade',
    title: 'Trades: rolls, settlements and hedges',
    noun: ['trade', 'trades'],
    explain: () => ' Opening trades are the portfolio itself and are not listed; a position liquidated in a mode stops trading there.',
    columns: [
      { label: 'time', format: 'time', value: (e) => e.time },
      { label: 'mode', format: 'text', value: (e) => e.mode },
      { label: 'instrument', format: 'text', value: (e) => trade(e).instrument },
      { label: 'action', format: 'text', value: (e) => `${trade(e).action} (${trade(e).reason})` },
      { label: 'quantity', format: 'decimal', value: (e) => trade(e).quantity },
      { label: 'price', format: 'amount', value: (e) => trade(e).price },
      { label: 'strike', format: 'amount', value: (e) => trade(e).strike },
      { label: 'fee', format: 'amount', value: (e) => trade(e).fee },
    ],
  },
});

/** A price with cents and thousands separators; a missing one as "none". */
function formatPrice(x: number): string {
  return Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : 'none';
}

function isoTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

// The kinds a scenario switches on in `detectors` (margin allocation, reverse stress), registered after the four above.
registerAnalysisEventKinds();
