import type { LiquidationAvoidedEvent, LiquidationEvent, MarginEvent, UnderfundedEvent } from '../engine/events.js';
import { formatDecimal, formatTime } from './report-format.js';
import { cell, type Table } from './table-model.js';
import { formatAmount } from './text-table.js';

/** Rows per event table; the rest are in events.csv. */
export const EVENT_ROW_CAP = 200;

const amount = (x: number | null) => cell(formatAmount(x), x);
const time = (ms: number) => cell(formatTime(ms), ms);
const text = (s: string) => cell(s);

function note(shown: number, total: number, what: string, order: string): string {
  if (total === 0) return `No ${what}.`;
  return shown < total ? `${shown} of ${total} ${what} shown (${order}); all of them are in events.csv.` : `${total} ${what}.`;
}

function liquidationTable(events: readonly LiquidationEvent[], cap: number): Table {
  const shown = events.slice(0, cap);
  return {
    id: 'events-liquidation',
    title: 'Liquidations',
    note: note(shown.length, events.length, events.length === 1 ? 'liquidation' : 'liquidations', 'the first by time'),
    total: events.length,
    columns: [
      { label: 'time' }, { label: 'mode' }, { label: 'scope' }, { label: 'pool' }, { label: 'assets closed' },
      { label: 'equity', numeric: true }, { label: 'requirement', numeric: true }, { label: 'notional closed', numeric: true },
      { label: 'fee', numeric: true }, { label: 'bad debt', numeric: true },
    ],
    rows: shown.map((e) => [
      time(e.time), text(e.mode), text(e.scope), text(e.pool), text(e.assets.join(', ')), amount(e.equity), amount(e.requirement),
      amount(e.notionalClosed), amount(e.fee), cell(formatAmount(e.badDebt), e.badDebt, e.badDebt > 0 ? 'alert' : null),
    ]),
  };
}

function avoidedTable(events: readonly LiquidationAvoidedEvent[], cap: number): Table {
  const shown = events.slice(0, cap);
  return {
    id: 'events-avoided',
    title: 'Liquidations avoided by cross margin',
    note: note(shown.length, events.length, events.length === 1 ? 'avoided liquidation' : 'avoided liquidations', 'the first by time') +
      (events.length > 0 ? ' Capital saved = what the position made or lost in the cross mode afterwards, minus what the isolated close-out lost.' : ''),
    total: events.length,
    columns: [
      { label: 'time' }, { label: 'cross mode' }, { label: 'isolated mode' }, { label: 'asset' }, { label: 'cross headroom', numeric: true },
      { label: 'isolated loss', numeric: true }, { label: 'cross outcome', numeric: true }, { label: 'capital saved', numeric: true },
      { label: 'later liquidated' },
    ],
    rows: shown.map((e) => [
      time(e.time), text(e.mode), text(e.isolatedMode), text(e.asset), amount(e.crossHeadroom), amount(e.isolatedLoss), amount(e.crossOutcome),
      cell(formatAmount(e.capitalSaved), e.capitalSaved, e.capitalSaved < 0 ? 'warn' : 'ok'),
      e.crossLiquidatedLater ? cell(formatTime(e.crossLiquidatedTime), e.crossLiquidatedTime) : cell('no', 0),
    ]),
  };
}

function underfundedTable(events: readonly UnderfundedEvent[], cap: number): Table {
  // Capped: keep the largest shortfalls (what a committee asks about), shown in time order.
  const kept = events.length <= cap
    ? events
    : [...events].map((e, k) => ({ e, k })).sort((a, b) => b.e.shortfall - a.e.shortfall || a.k - b.k).slice(0, cap).sort((a, b) => a.k - b.k).map((x) => x.e);
  const h = events[0]?.horizonSteps;
  return {
    id: 'events-underfunded',
    title: 'Underfunded steps',
    note: note(kept.length, events.length, events.length === 1 ? 'underfunded step' : 'underfunded steps', 'the largest shortfalls, in time order') +
      (events.length > 0 ? ` Loss over the next ${h} step${h === 1 ? '' : 's'} of the positions held; correlations of the two legs that lost most.` : ''),
    total: events.length,
    columns: [
      { label: 'time' }, { label: 'mode' }, { label: 'loss', numeric: true }, { label: 'requirement', numeric: true },
      { label: 'shortfall', numeric: true }, { label: 'standalone sum', numeric: true }, { label: 'cause' }, { label: 'legs' },
      { label: 'estimated ρ', numeric: true }, { label: 'realised ρ', numeric: true },
    ],
    rows: kept.map((e) => [
      time(e.time), text(e.mode), amount(e.loss), amount(e.requirement), cell(formatAmount(e.shortfall), e.shortfall, 'alert'), amount(e.standaloneSum),
      cell(e.cause.replace('_', ' '), e.cause, e.cause === 'correlation_breakdown' ? 'warn' : null), text(e.legs.length > 0 ? e.legs.join(' / ') : '-'),
      cell(formatDecimal(e.estimatedCorrelation), e.estimatedCorrelation), cell(formatDecimal(e.realisedCorrelation), e.realisedCorrelation),
    ]),
  };
}

/** The three event tables of a report, each capped at `cap` rows with a note pointing to events.csv. */
export function eventTables(events: readonly MarginEvent[], cap = EVENT_ROW_CAP): Table[] {
  const of = <K extends MarginEvent['kind']>(kind: K) => events.filter((e): e is Extract<MarginEvent, { kind: K }> => e.kind === kind);
  return [liquidationTable(of('liquidation'), cap), avoidedTable(of('liquidation_avoided'), cap), underfundedTable(of('underfunded'), cap)];
}
