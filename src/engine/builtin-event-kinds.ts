import { formatList } from '../core/name-list.js';
import { eventKinds } from './event-kind-registry.js';
import { UNDERFUNDING_CAUSES, type LiquidationAvoidedEvent, type LiquidationEvent, type RunEvent, type UnderfundedEvent } from './events.js';

/** The three built-in event kinds, in the order of the `events.csv` columns they introduced. */

const liquidation = (e: RunEvent) => e as LiquidationEvent;
const avoided = (e: RunEvent) => e as LiquidationAvoidedEvent;
const underfunded = (e: RunEvent) => e as UnderfundedEvent;

eventKinds.register({
  kind: 'liquidation',
  description: 'a pool liquidated in one mode: its legs closed at the step\'s marks, the fee charged, bad debt written off',
  order: 0,
  alwaysInHeader: true,
  columns: ['scope', 'pool', 'assets', 'prices', 'equity', 'requirement', 'notional_closed', 'fee', 'equity_after', 'bad_debt'],
  toRow: (event) => {
    const e = liquidation(event);
    return {
      scope: e.scope, pool: e.pool, assets: formatList(e.assets), prices: e.prices.join(';'), equity: e.equity, requirement: e.requirement,
      notional_closed: e.notionalClosed, fee: e.fee, equity_after: e.equityAfter, bad_debt: e.badDebt,
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
  ],
  toRow: (event) => {
    const e = underfunded(event);
    return {
      horizon_steps: e.horizonSteps, loss: e.loss, requirement: e.requirement, shortfall: e.shortfall,
      standalone_sum: e.standaloneSum, cause: e.cause, standalone_covered: e.standaloneCovered, volatility_part: e.volatilityPart,
      correlation_part: e.correlationPart, implied_volatility_part: e.impliedVolatilityPart, realised_requirement: e.realisedRequirement,
      residual: e.residual, realised_steps: e.realisedSteps, legs: formatList(e.legs), assets: formatList(e.legs),
      estimated_correlation: e.estimatedCorrelation, realised_correlation: e.realisedCorrelation,
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
        shown: (events) => events.some((e) => (underfunded(e).impliedVolatilityPart ?? 0) !== 0),
      },
      { label: '≤ S', format: 'text', value: (e) => (underfunded(e).standaloneCovered ? 'yes' : 'no') },
      { label: 'legs', format: 'text', value: (e) => (underfunded(e).legs.length > 0 ? underfunded(e).legs.join(' / ') : '-') },
      { label: 'estimated ρ', format: 'decimal', value: (e) => underfunded(e).estimatedCorrelation },
      { label: 'realised ρ', format: 'decimal', value: (e) => underfunded(e).realisedCorrelation },
    ],
  },
});

function isoTime(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}
