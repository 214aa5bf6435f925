import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectInputError, expectNoOutput, literal, ROOT, xmargin } from './cli.js';
import { ADDONS, EU, OPTIONS, VENUES, caseFolders, type Edit, type Scenario } from './trimmed-scenarios.js';

/**
 * The surfaces added after the first robustness sweep — option books and their market data, risk-surface
 * methods, venue presets, margin add-ons, `whatif` / `stress-reverse`, likelihood-fit settings and
 * `calibrate` — fed what a careless user or an attacker would. Each case runs the real CLI and checks the
 * contract of `expectInputError` (exit 2, one located line, no stack trace) and that nothing was written.
 * Cases marked "was:" failed before their fix; the others behaved already and are kept so that the suite
 * proves the surfaces, not only the fixes.
 */

const { folder, scenarioCase, refused } = caseFolders('new-surfaces');

/** `JSON.parse` keeps "__proto__" as an own key, as a scenario file read from disk does. */
const withProto = (json: string) => JSON.parse(json);

const option = (s: Scenario) => s.portfolio.positions[0];
const grid = (fields: object) => (s: Scenario) => {
  s.margin.modes[2] = { kind: 'portfolio', name: 'grid', method: 'scenario-grid', preset: 'span-16', ...fields };
};

describe('option books: instrument, roll, hedge, market data', () => {
  const cases: [string, Scenario, Edit, string][] = [
    // was: exit 1 "unexpected error: Invalid time value"
    ['expiry that is no calendar date (was: exit 1)', OPTIONS, (s) => {
      option(s).instrument = { kind: 'option', right: 'put', strike: 2000, expiry: '2017-13-40', multiplier: 100 };
      delete option(s).roll;
    }, 'portfolio\\.positions\\[0\\]\\.instrument\\.expiry: expected a calendar date "YYYY-MM-DD" that exists$'],
    // was: "option pricing: expected finite S > 0, K > 0 … K = Infinity", no file, no path
    ['strikePct 1e308 (was: unlocated pricer error)', OPTIONS, (s) => (option(s).instrument.strikePct = 1e308),
      'portfolio\\.positions\\[0\\]\\.instrument\\.strikePct: expected a strike of at most 100 × the underlying$'],
    // was: "roll: Invalid input"
    ['roll "weekly" (was: "Invalid input")', OPTIONS, (s) => (option(s).roll = 'weekly'),
      'portfolio\\.positions\\[0\\]\\.roll: expected "expiry" or object, got "weekly"$'],
    ['roll every "x" steps', OPTIONS, (s) => (option(s).roll = { everySteps: 'x' }),
      'portfolio\\.positions\\[0\\]\\.roll\\.everySteps: expected number, received string$'],
    // was: the entry vanished (zod's record copy set the prototype) and the run succeeded without the carry
    ['market.carry with a "__proto__" key (was: silently dropped)', OPTIONS, (s) => (s.market.carry = withProto('{"__proto__": 0.5, "SPX": 0.019}')),
      'market\\.carry\\.__proto__: the key "__proto__" is not allowed'],
    ['market.smile with a "__proto__" key (was: silently dropped)', OPTIONS, (s) => (s.market.smile = withProto('{"__proto__": {"slope": 1}, "SPX": {"slope": -0.25, "floor": 0.05}}')),
      'market\\.smile\\.__proto__: the key "__proto__" is not allowed'],
    ['data.columns with a "__proto__" key (was: silently dropped)', OPTIONS, (s) => (s.data.columns = withProto('{"__proto__": {"close": "open"}, "SPX": {"close": "close"}}')),
      'data\\.columns\\.__proto__: the key "__proto__" is not allowed'],
    // was: exit 0; after 2017-02-17 the expired contract was reopened at its own expiry every step, 130 of fees each time
    ['roll with a fixed expiry (was: reopened the expired contract every step)', OPTIONS, (s) => (option(s).instrument = { kind: 'option', right: 'put', strike: 2100, expiry: '2017-02-17', multiplier: 100 }),
      'portfolio\\.positions\\[0\\]\\.roll: not allowed with a fixed instrument\\.expiry: a roll opens the next contract with the same tenor; give instrument\\.tenorDays instead$'],
    ['strike 0', OPTIONS, (s) => {
      option(s).instrument = { kind: 'option', right: 'put', strike: 0, expiry: '2017-02-17', multiplier: 100 };
      delete option(s).roll;
    }, 'portfolio\\.positions\\[0\\]\\.instrument\\.strike: Too small: expected number to be >0$'],
    ['strikePct negative', OPTIONS, (s) => (option(s).instrument.strikePct = -0.95), 'portfolio\\.positions\\[0\\]\\.instrument\\.strikePct: Too small'],
    ['tenorDays 0', OPTIONS, (s) => (option(s).instrument.tenorDays = 0), 'portfolio\\.positions\\[0\\]\\.instrument\\.tenorDays: Too small: expected number to be >=1$'],
    ['tenorDays 2.5', OPTIONS, (s) => (option(s).instrument.tenorDays = 2.5), 'portfolio\\.positions\\[0\\]\\.instrument\\.tenorDays: expected int'],
    ['right "straddle"', OPTIONS, (s) => (option(s).instrument.right = 'straddle'), 'portfolio\\.positions\\[0\\]\\.instrument\\.right: Invalid option: expected one of "call"\\|"put"$'],
    ['right "__proto__"', OPTIONS, (s) => (option(s).instrument.right = '__proto__'), 'portfolio\\.positions\\[0\\]\\.instrument\\.right: Invalid option'],
    ['kind "swaption"', OPTIONS, (s) => (option(s).instrument.kind = 'swaption'), 'portfolio\\.positions\\[0\\]\\.instrument\\.kind: unknown kind "swaption"$'],
    ['an extra instrument field', OPTIONS, (s) => (option(s).instrument.foo = 1), 'portfolio\\.positions\\[0\\]\\.instrument: unknown field "foo"$'],
    ['multiplier -100', OPTIONS, (s) => (option(s).instrument.multiplier = -100), 'portfolio\\.positions\\[0\\]\\.instrument\\.multiplier: Too small'],
    ['model "heston"', OPTIONS, (s) => (option(s).instrument.model = 'heston'), 'portfolio\\.positions\\[0\\]\\.instrument\\.model: Invalid option'],
    ['strike and strikePct both', OPTIONS, (s) => (option(s).instrument.strike = 2000), 'portfolio\\.positions\\[0\\]\\.instrument: expected exactly one of strike, strikePct \\(the strike\\), got strike and strikePct$'],
    ['neither expiry nor tenorDays', OPTIONS, (s) => delete option(s).instrument.tenorDays, 'portfolio\\.positions\\[0\\]\\.instrument: expected exactly one of expiry, tenorDays \\(the expiry\\), got none$'],
    ['an option expiring before the opening', OPTIONS, (s) => {
      option(s).instrument = { kind: 'option', right: 'put', strike: 2000, expiry: '2016-12-16', multiplier: 100 };
      delete option(s).roll;
    }, 'portfolio\\.positions\\[0\\]\\.instrument\\.expiry: expected an expiry after the opening \\(2017-01-03\\), got 2016-12-16$'],
    ['hedge of a group nobody is in', OPTIONS, (s) => (s.portfolio.positions[1].hedge.group = 'nope'), 'portfolio\\.positions\\[1\\]\\.hedge\\.group: no position is in group "nope"; groups: short-puts$'],
    ['impliedVol column not in the data', OPTIONS, (s) => (s.market.impliedVol.SPX.column = 'NOPE'), 'market\\.impliedVol\\.SPX\\.column: no column "NOPE" in the data; columns: open, high, low, close, VIX$'],
    ['impliedVol scale 0', OPTIONS, (s) => (s.market.impliedVol.SPX.scale = 0), 'market\\.impliedVol\\.SPX\\.scale: Too small'],
    ['impliedVol for an asset not in the book', OPTIONS, (s) => (s.market.impliedVol.FOO = { column: 'VIX' }), 'market\\.impliedVol\\.FOO: asset "FOO" is not in the book; assets: SPX$'],
    ['an option without implied volatility', OPTIONS, (s) => delete s.market.impliedVol, 'portfolio\\.positions\\[0\\]\\.instrument: an option on "SPX" needs its implied volatility'],
    ['market.rate 2', OPTIONS, (s) => (s.market.rate = 2), 'market\\.rate: Too big'],
    ['smile floor -1', OPTIONS, (s) => (s.market.smile.SPX.floor = -1), 'market\\.smile\\.SPX\\.floor: expected a number in \\(0, 5\\], got -1$'],
    ['smile referenceTenorDays 0', OPTIONS, (s) => (s.market.smile.SPX.referenceTenorDays = 0), 'market\\.smile\\.SPX\\.referenceTenorDays: expected a positive number of calendar days, got 0$'],
    ['data.files empty', OPTIONS, (s) => (s.data.files = []), 'data\\.files: Too small'],
    ['OHLC close column unknown', OPTIONS, (s) => (s.data.columns.SPX.close = 'nope'), 'data\\.columns\\.SPX\\.close: unknown column "nope"'],
    ['vol-shock factor 0', OPTIONS, (s) => (s.overlays = [{ kind: 'vol-shock', from: '2017-02-01', to: '2017-02-10', factor: 0 }]), 'overlays\\[0\\]\\.factor: expected a finite number > 0, got 0$'],
    ['vol-shock that takes volatility below 0', OPTIONS, (s) => (s.overlays = [{ kind: 'vol-shock', from: '2017-02-01', to: '2017-02-10', add: -0.5 }]), "overlays\\[0\\]: the shock makes SPX's implied volatility -0\\.\\d+ at 2017-02-01; expected \\(0, 5\\]$"],
    ['vol-shock from a date that does not exist', OPTIONS, (s) => (s.overlays = [{ kind: 'vol-shock', from: '2017-02-31', to: '2017-03-10', factor: 2 }]), 'overlays\\[0\\]\\.from: expected YYYY-MM-DD'],
  ];
  it.each(cases)('%s', (_name, scenario, edit, located) => refused(scenario, edit, located));

  // was: the whole 100,000-character name in the message (100 kB on one line); the contract is 60 characters quoted
  const long = (c: string) => c.repeat(100_000);
  const clipped = (c: string) => `"${c.repeat(60)}"… \\(100,000 characters\\)`;
  it.each([
    ['a hedge group', (s: Scenario) => (s.portfolio.positions[1].hedge.group = long('b')), `portfolio\\.positions\\[1\\]\\.hedge\\.group: no position is in group ${clipped('b')}; groups: short-puts$`],
    ['a group hedged by nobody it names', (s: Scenario) => {
      s.portfolio.positions[0].group = long('a');
      s.portfolio.positions[1].hedge.group = 'b';
    }, `portfolio\\.positions\\[1\\]\\.hedge\\.group: no position is in group "b"; groups: ${clipped('a')}$`],
    ['a venue', (s: Scenario) => (s.margin.modes[2] = { kind: 'cross', name: 'x', venue: long('v'), asOf: '2024-03-01' }), `margin\\.modes\\[2\\]\\.venue: unknown venue preset ${clipped('v')}; known: binance-usdm, deribit, dydx-v4, hyperliquid, okx-pm$`],
    ['a grid preset', (s: Scenario) => (s.margin.modes[2] = { kind: 'portfolio', name: 'g', method: 'scenario-grid', preset: long('p') }), `margin\\.modes\\[2\\]\\.preset: unknown grid preset ${clipped('p')}; known: deribit-pm, span-16$`],
    ['a carry key', (s: Scenario) => (s.market.carry = { [long('c')]: 0.1 }), `market\\.carry\\[${clipped('c')}\\]: asset ${clipped('c')} is not in the book; assets: SPX$`],
  ])('a name of 100,000 characters: %s (was: the whole name in the message)', (_name, edit, located) => refused(OPTIONS, edit as Edit, located));

  const vix = readFileSync(join(ROOT, 'data/vix.csv'), 'utf8');
  it.each([
    ['0', 'expected a positive finite price, got "0"'],
    ['abc', 'expected a number, got "abc"'],
    ['1e308', 'expected an implied volatility in \\(0, 500 %\\] after scale 0\\.01, got 1e\\+306'],
  ])('an implied-volatility cell of %s', (cell, expected) => {
    const c = scenarioCase(OPTIONS, () => undefined);
    const data = join(c.dir, 'vix.csv');
    writeFileSync(data, vix.replace('\n2017-01-11,11.26\n', `\n2017-01-11,${cell}\n`));
    const s = JSON.parse(readFileSync(c.file, 'utf8'));
    s.data.files[1].file = 'vix.csv';
    writeFileSync(c.file, JSON.stringify(s));
    const line = vix.split('\n').findIndex((l) => l.startsWith('2017-01-11,')) + 1;
    const where = cell === '1e308' ? `: column "VIX" at 2017-01-11: ` : `:${line}: column "VIX": `;
    expectInputError(xmargin(['run', c.file, '--out', c.out, '--quiet']), new RegExp(`^xmargin: error: ${literal(data)}${where}${expected}$`));
    expectNoOutput(c.dir, c.out, ['scenario.json', 'vix.csv']);
  });

  it('Monte Carlo: paths.impliedVol with θ = 1e308 (was: unlocated pricer error on σ = ∞)', () => {
    refused(OPTIONS, (s) => {
      delete s.portfolio.openAt;
      s.paths = { generator: { kind: 'gbm', fit: 'data' }, runs: 2, steps: 5, impliedVol: { SPX: { kappa: 5, theta: 1e308, xi: 0.5, rho: -0.7 } } };
    }, 'paths\\.impliedVol\\.SPX: path 0, 2017-04-03, asset SPX: the synthetic implied volatility is Infinity; expected \\(0, 5\\]');
  });

  it('Monte Carlo: paths.impliedVol for an asset without implied volatility, and ρ = -2', () => {
    const mc = (iv: object) => (s: Scenario) => {
      delete s.portfolio.openAt;
      s.paths = { generator: { kind: 'gbm', fit: 'data' }, runs: 2, steps: 5, impliedVol: iv };
    };
    refused(OPTIONS, mc({ FOO: { kappa: 5, theta: -1.8, xi: 0.5, rho: -0.7 } }), 'paths\\.impliedVol\\.FOO: "FOO" has no implied volatility to generate \\(map it in market\\.impliedVol\\)$');
    refused(OPTIONS, mc({ SPX: { kappa: 5, theta: -1.8, xi: 0.5, rho: -2 } }), 'paths\\.impliedVol\\.SPX\\.rho: Too small');
  });
});

describe('risk-surface methods: scenario grids, greeks, full-revaluation historical simulation', () => {
  const cases: [string, Edit, string][] = [
    // was: "scenario grid span-16: scenario 13 … to a price ≤ 0 (… at step 252)", no file, no path
    ['priceScan 100 %: a scenario moves the price to 0 (was: unlocated)', grid({ priceScan: { relative: 1 }, volatilityScan: { absolute: 0.05 } }),
      'margin\\.modes\\[2\\]\\.priceScan: scenario grid span-16: scenario 13 \\(-1 up\\) moves asset SPX by -100\\.0 %, to a price ≤ 0 \\(price scan range 100\\.00 % on 2017-01-03, step 252\\); expected a smaller scan range$'],
    // was: "option pricing: expected finite S > 0 … S = Infinity", no file, no path
    ['priceScan 1e308: an infinite price (was: unlocated pricer error)', grid({ priceScan: { relative: 1e308 }, volatilityScan: { absolute: 0.05 } }),
      'margin\\.modes\\[2\\]\\.priceScan: scenario grid span-16: scenario 3 \\(\\+1/3 up\\) moves asset SPX by Infinity %, to an infinite price'],
    ['priceScan.sigmas 1e6 (was: unlocated)', grid({ priceScan: { sigmas: 1e6 }, volatilityScan: { absolute: 0.05 } }), 'margin\\.modes\\[2\\]\\.priceScan: scenario grid span-16: .* to a price ≤ 0'],
    // was: "option pricing: … σ = Infinity", no file, no path
    ['termScaling power 1e308 (was: unlocated pricer error)', grid({ priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05, termScaling: { referenceDays: 30, power: 1e308, minimumDays: 1 } } }),
      'margin\\.modes\\[2\\]\\.volatilityScan\\.termScaling: scenario grid span-16: the term scaling .* makes the volatility move of SPX put K=95%·S 30d Infinity on 2017-01-04; expected a finite move$'],
    // was: the point vanished (prototype) and the run succeeded
    ['priceScan.points with a "__proto__" key (was: silently dropped)', grid({ priceScan: { points: withProto('{"__proto__": 5, "SPX": 50}') }, volatilityScan: { absolute: 0.05 } }),
      'margin\\.modes\\[2\\]\\.priceScan\\.points\\.__proto__: the key "__proto__" is not allowed'],
    ['unknown grid preset', grid({ preset: 'span-99' }), 'margin\\.modes\\[2\\]\\.preset: unknown grid preset "span-99"; known: deribit-pm, span-16$'],
    ['grid preset "constructor"', grid({ preset: 'constructor' }), 'margin\\.modes\\[2\\]\\.preset: unknown grid preset "constructor"'],
    ['no preset', (s) => (s.margin.modes[2] = { kind: 'portfolio', name: 'grid', method: 'scenario-grid' }), 'margin\\.modes\\[2\\]\\.preset: expected a grid preset for method scenario-grid'],
    ['priceScan 0', grid({ priceScan: { relative: 0 } }), 'margin\\.modes\\[2\\]\\.priceScan\\.relative: expected a price scan range > 0$'],
    ['span-16 without a price scan', grid({ volatilityScan: { absolute: 0.05 } }), 'margin\\.modes\\[2\\]\\.priceScan: the span-16 preset gives no price scan range'],
    ['an option book without a volatility scan', grid({ priceScan: { relative: 0.07 } }), 'margin\\.modes\\[2\\]\\.volatilityScan: the span-16 preset gives no volatility scan range and the book holds options'],
    ['priceScan.points for an asset not held', grid({ priceScan: { points: { SPX: 50, FOO: 3 } }, volatilityScan: { absolute: 0.05 } }), 'margin\\.modes\\[2\\]\\.priceScan\\.points\\.FOO: unknown asset "FOO"; the book holds SPX$'],
    ['termScaling referenceDays 0', grid({ priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05, termScaling: { referenceDays: 0, power: 1, minimumDays: 1 } } }), 'margin\\.modes\\[2\\]\\.volatilityScan\\.termScaling\\.referenceDays: expected a reference tenor in days > 0'],
    ['an empty custom grid', grid({ preset: undefined, grid: { scenarios: [] } }), 'margin\\.modes\\[2\\]\\.grid\\.scenarios: expected at least one scenario'],
    ['a grid scenario weight of -1', grid({ priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05 }, grid: { scenarios: [{ price: -1, volatility: 0, weight: -1 }] } }), 'margin\\.modes\\[2\\]\\.grid\\.scenarios\\[0\\]\\.weight: expected a weight in \\(0, 1\\]$'],
    ['deribit-pm without movesWeight', grid({ preset: 'deribit-pm' }), 'margin\\.modes\\[2\\]\\.grid\\.movesWeight: the deribit-pm preset leaves open'],
    ['combine "bogus"', grid({ priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05 }, combine: 'bogus' }), 'margin\\.modes\\[2\\]\\.combine: Invalid option: expected one of "sum"\\|"correlation"$'],
    ['cap 1e308', grid({ priceScan: { relative: 0.07 }, volatilityScan: { absolute: 0.05 }, cap: 1e308 }), 'margin\\.modes\\[2\\]\\.cap: Too big'],
    // was: "data: the data has 314 rows but the models need 17 of history before the book opens; widen data.from/to"
    ['horizonDays 5000 (was: a contradictory message at data)', (s) => (s.margin.horizonDays = 5000), 'margin\\.horizonDays: the data has 314 rows; the book opens at row 253 \\(the models need 17 of history\\) and a margin period of risk of 5,000 steps must fit after it; shorten margin\\.horizonDays or widen data\\.from/to$'],
    ['data ending the day after the opening', (s) => (s.data.to = '2017-01-04'), 'data: the data has 254 rows; the book opens at row 253 \\(the models need 17 of history\\) and a margin period of risk of 2 steps must fit after it; widen data\\.from/to$'],
    ['greeks volatilityShock 1e308', (s) => (s.margin.modes[2] = { kind: 'portfolio', name: 'g', method: 'greeks', volatilityShock: 1e308 }), 'margin\\.modes\\[2\\]\\.volatilityShock: expected a volatility shock ≤ 5$'],
    // was: "greeks margin: the price shock z·σ·√h of asset 0 is 132.6 % at step 252 …": no file, no path, an asset index
    ['greeks: a price shock beyond 100 % (was: unlocated, asset index)', (s) => {
      s.margin.modes[2] = { kind: 'portfolio', name: 'g', method: 'greeks', volatilityShock: 0.05 };
      s.margin.horizonDays = 30;
      s.data.to = '2018-03-29';
      s.overlays = [{ kind: 'volatility-scale', from: '2016-06-01', to: '2017-03-01', factor: 20 }];
    }, 'margin\\.modes\\[2\\]: greeks margin: the price shock z·σ·√h of asset SPX is 132\\.6 % on 2017-01-03 \\(step 252\\), a move down to a price ≤ 0; expected a shorter margin\\.horizonDays or a lower margin\\.confidence$'],
    ['greeks without a volatility shock', (s) => (s.margin.modes[2] = { kind: 'portfolio', name: 'g', method: 'greeks' }), 'margin\\.modes\\[2\\]\\.volatilityShock: expected a volatility shock for method greeks'],
    ['historical-es lookback 1', (s) => (s.margin.modes[2] = { kind: 'portfolio', name: 'h', method: 'historical-es', lookback: 1 }), 'margin\\.modes\\[2\\]\\.lookback: Too small: expected number to be >=20$'],
    ['historical-var lookback beyond the data', (s) => (s.margin.modes[2] = { kind: 'portfolio', name: 'h', method: 'historical-var', lookback: 100000 }), 'portfolio\\.openAt: the models need 100001 steps of history before the book opens; openAt leaves 252$'],
    ['method "toString"', (s) => (s.margin.modes[2] = { kind: 'portfolio', name: 'm', method: 'toString' }), 'margin\\.modes\\[2\\]\\.method: Invalid option'],
  ];
  it.each(cases)('%s', (_name, edit, located) => refused(OPTIONS, edit, located));

  it('a Monte Carlo path whose grid scan moves a price to 0 (was: unlocated)', () => {
    refused(OPTIONS, (s) => {
      delete s.portfolio.openAt;
      s.paths = { generator: { kind: 'gbm', fit: 'data' }, runs: 2, steps: 5 };
      grid({ priceScan: { relative: 1 }, volatilityScan: { absolute: 0.05 } })(s);
    }, 'margin\\.modes\\[2\\]\\.priceScan: scenario grid span-16: scenario 13 \\(-1 up\\) moves asset SPX by -100\\.0 %, to a price ≤ 0');
  });
});

describe('venue presets', () => {
  const mode = (s: Scenario) => s.margin.modes[2];
  const cases: [string, Edit, string][] = [
    // was: the mapping vanished (prototype) and the run succeeded
    ['symbols with a "__proto__" key (was: silently dropped)', (s) => (mode(s).symbols = withProto('{"__proto__": "ETHUSDT", "SPX": "BTCUSDT"}')), 'margin\\.modes\\[2\\]\\.symbols\\.__proto__: the key "__proto__" is not allowed'],
    // was: "/tmp/…: cannot list venue presets: ENOENT: no such file or directory, scandir '…'"
    ['venuePresets naming no folder (was: bare ENOENT)', (s) => (s.venuePresets = 'no-such-folder'), 'venuePresets: expected a folder of venue preset files \\(<venue>\\.json\\), got no such folder: '],
    ['unknown venue', (s) => (mode(s).venue = 'binance-spot'), 'margin\\.modes\\[2\\]\\.venue: unknown venue preset "binance-spot"; known: binance-usdm, deribit, dydx-v4, hyperliquid, okx-pm$'],
    ['venue "__proto__"', (s) => (mode(s).venue = '__proto__'), 'margin\\.modes\\[2\\]\\.venue: unknown venue preset "__proto__"'],
    ['asOf before the first version', (s) => (mode(s).asOf = '2001-01-01'), 'margin\\.modes\\[2\\]\\.asOf: venue preset "binance-usdm" has no version in force on 2001-01-01: its first version starts on 2021-03-18'],
    ['asOf 2024-02-30', (s) => (mode(s).asOf = '2024-02-30'), 'margin\\.modes\\[2\\]\\.asOf: expected a calendar date$'],
    ['no asOf', (s) => delete mode(s).asOf, 'margin\\.modes\\[2\\]\\.asOf: expected asOf, the date \\(YYYY-MM-DD\\) whose version of the preset binance-usdm applies$'],
    ['a symbol the preset has no brackets for', (s) => (mode(s).symbols = { SPX: 'FOOUSDT' }), 'margin\\.modes\\[2\\]\\.symbols\\.SPX: binance-usdm as of 2024-03-01 \\(version of 2024-02-03\\) has no brackets for "FOOUSDT"'],
    ['a symbol for an asset not held', (s) => (mode(s).symbols = { SPX: 'BTCUSDT', FOO: 'ETHUSDT' }), 'margin\\.modes\\[2\\]\\.symbols\\.FOO: no position on asset "FOO"; positions: SPX$'],
    ['okx-pm asOf before its first version', (s) => s.margin.modes.push({ kind: 'portfolio', name: 'okx', method: 'okx-pm', asOf: '2001-01-01', symbols: { SPX: 'BTC' } }), 'margin\\.modes\\[3\\]\\.asOf: venue preset "okx-pm" has no version in force on 2001-01-01'],
    ['check "intraday"', (s) => (mode(s).check = 'intraday'), 'margin\\.modes\\[2\\]\\.check: Invalid option: expected one of "close"\\|"intrabar"$'],
    // was: "series.liquidationPrices: Invalid input"
    ['liquidationPrices "yes" (was: "Invalid input")', (s) => (s.series.liquidationPrices = 'yes'), 'series\\.liquidationPrices: expected boolean or "closed-form", got "yes"$'],
    ['a high column without a low one', (s) => delete s.data.columns.SPX.low, 'data\\.columns\\.SPX\\.low: expected both high and low columns \\(or neither, for close-only checks\\), got no low$'],
  ];
  it.each(cases)('%s', (_name, edit, located) => refused(VENUES, edit, located));

  /** A copy of the bundled presets in the case folder, binance-usdm.json edited; the scenario points venuePresets at it. */
  const presetCase = (edit: (version: Scenario) => void) => {
    const c = scenarioCase(VENUES, (s) => (s.venuePresets = 'venues'));
    mkdirSync(join(c.dir, 'venues'));
    for (const name of ['binance-usdm', 'deribit', 'dydx-v4', 'hyperliquid', 'okx-pm']) {
      const preset = JSON.parse(readFileSync(join(ROOT, 'venues', `${name}.json`), 'utf8'));
      delete preset.$schema;
      if (name === 'binance-usdm') edit(preset.versions[preset.versions.length - 1]);
      writeFileSync(join(c.dir, 'venues', `${name}.json`), JSON.stringify(preset));
    }
    return { ...c, preset: join(c.dir, 'venues', 'binance-usdm.json') };
  };
  it.each([
    // was: the symbol vanished from the brackets (prototype) without a word
    ['a "__proto__" symbol in a preset file (was: silently dropped)', (v: Scenario) => (v.brackets = withProto(JSON.stringify(v.brackets).replace('"ZILUSDT"', '"__proto__"'))), 'versions\\[2\\]\\.brackets\\.__proto__: the key "__proto__" is not allowed'],
    ['a gap between brackets', (v: Scenario) => (v.brackets.BTCUSDT[1].floor = 60000), 'versions\\[2\\]\\.brackets\\.BTCUSDT\\[1\\]\\.floor: expected brackets in increasing, contiguous order: floor 60000 after cap 50000'],
    ['a negative maintenance rate', (v: Scenario) => (v.brackets.BTCUSDT[0].maintenanceRate = -0.1), 'versions\\[2\\]\\.brackets\\.BTCUSDT\\[0\\]\\.maintenanceRate: Too small'],
    ['an effective date that does not exist', (v: Scenario) => (v.effective = '2024-02-30'), 'versions\\[2\\]\\.effective: expected a calendar date$'],
  ])('preset file: %s', (_name, edit, located) => {
    const c = presetCase(edit as (v: Scenario) => void);
    expectInputError(xmargin(['run', c.file, '--out', c.out, '--quiet']), new RegExp(`^xmargin: error: ${literal(c.preset)}: ${located}`));
    expectNoOutput(c.dir, c.out, ['scenario.json', 'venues']);
  });

  it('high and low columns swapped: the data file, line and date', () => {
    const c = scenarioCase(VENUES, (s) => {
      s.data.columns.SPX.high = 'low';
      s.data.columns.SPX.low = 'high';
    });
    expectInputError(xmargin(['run', c.file, '--out', c.out, '--quiet']), new RegExp(`^xmargin: error: ${literal(join(ROOT, 'data/sp500_ohlc.csv'))}:2: column "low": SPX on 1999-01-04: high 1219\\.1 below low 1248\\.81$`));
    expectNoOutput(c.dir, c.out, ['scenario.json']);
  });
});

describe('margin add-ons and likelihood-fit settings', () => {
  const var_ = (s: Scenario) => s.margin.modes[1].addOns;
  const hs = (s: Scenario) => s.margin.modes[2].addOns;
  const cases: [string, Scenario, Edit, string][] = [
    // was: raised inside the run as "detectors: reverse_stress.direction.FOO: …" with no file
    ['reverse_stress detector direction naming an unknown asset (was: no file, pseudo-path)', ADDONS, (s) => (s.detectors[1].direction = { FOO: -0.1 }), 'detectors\\[1\\]\\.direction\\.FOO: unknown asset "FOO"; the book holds DAX, CAC$'],
    // was: 10⁹ frontier points, a hang
    ['reverse_stress detector rhoStep 1e-9 (was: a hang)', ADDONS, (s) => (s.detectors[1].rhoStep = 1e-9), 'detectors\\[1\\]\\.rhoStep: 1e-9 gives 1,000,000,000 correlation shifts up to 1; expected at most 1,000$'],
    // was: exit 0 with a buffer that is never released (and a ring of 1e9 doubles allocated)
    ['buffer window 1e9, longer than the data (was: accepted, inert)', ADDONS, (s) => (var_(s)[2].window = 1e9), 'margin\\.modes\\[1\\]\\.addOns\\[2\\]\\.window: a window of 1,000,000,000 steps is not shorter than the whole data file \\(1,860 rows\\)'],
    // was: "reverse stress: at: …" / "detectors: margin_allocation.dates[0]: …", pseudo-paths (the latter without the file)
    ['reverse_stress detector at a date outside the run (was: pseudo-path)', ADDONS, (s) => (s.detectors[1].at = '1800-01-01'), 'detectors\\[1\\]\\.at: 1800-01-01 is outside the run \\(1997-01-02 … 1998-08-14\\)$'],
    ['margin_allocation date outside the run (was: no file, pseudo-path)', ADDONS, (s) => (s.detectors[0].dates = ['1980-01-01']), 'detectors\\[0\\]\\.dates\\[0\\]: 1980-01-01 is outside the run \\(1997-01-02 … 1998-08-14\\)$'],
    ['margin_allocation top 1e9', ADDONS, (s) => (s.detectors[0].top = 1e9), 'detectors\\[0\\]\\.top: Too big'],
    ['correlation-break shift 0', ADDONS, (s) => (var_(s)[0].shift = 0), 'margin\\.modes\\[1\\]\\.addOns\\[0\\]\\.shift: Too small'],
    ['concentration exponent -1', ADDONS, (s) => (var_(s)[1].exponent = -1), 'margin\\.modes\\[1\\]\\.addOns\\[1\\]\\.exponent: Too small'],
    ['concentration halfSpread 1e308', ADDONS, (s) => (var_(s)[1].default.halfSpread = 1e308), 'margin\\.modes\\[1\\]\\.addOns\\[1\\]\\.default\\.halfSpread: Too big'],
    ['anti-procyclicality tool "cap"', ADDONS, (s) => (var_(s)[2].tool = 'cap'), 'margin\\.modes\\[1\\]\\.addOns\\[2\\]\\.tool: unknown tool "cap"$'],
    ['buffer below EMIR\'s 25 %', ADDONS, (s) => (var_(s)[2].buffer = -0.25), 'margin\\.modes\\[1\\]\\.addOns\\[2\\]\\.buffer: EMIR RTS 153/2013 Art\\. 28\\(1\\)\\(a\\) asks for a buffer of at least 25 %'],
    ['buffer window 0', ADDONS, (s) => (var_(s)[2].window = 0), 'margin\\.modes\\[1\\]\\.addOns\\[2\\]\\.window: Too small'],
    ['unknown add-on kind', ADDONS, (s) => var_(s).push({ kind: 'liquidity' }), 'margin\\.modes\\[1\\]\\.addOns\\[3\\]\\.kind: unknown kind "liquidity"$'],
    ['add-on kind "__proto__"', ADDONS, (s) => var_(s).push({ kind: '__proto__' }), 'margin\\.modes\\[1\\]\\.addOns\\[3\\]\\.kind: unknown kind "__proto__"$'],
    ['stressed period ending before it starts', ADDONS, (s) => (hs(s)[0].period = { from: '1992-12-31', to: '1992-08-03' }), 'margin\\.modes\\[2\\]\\.addOns\\[0\\]\\.period: expected from ≤ to, got 1992-12-31 > 1992-08-03$'],
    ['stressed period outside the data', ADDONS, (s) => (hs(s)[0].period = { from: '1980-01-01', to: '1980-12-31' }), 'margin\\.modes\\[2\\]\\.addOns\\[0\\]\\.period: 1980-01-01\\.\\.1980-12-31 holds 0 row\\(s\\) of the data file'],
    ['stressed period from 1992-02-30', ADDONS, (s) => (hs(s)[0].period = { from: '1992-02-30', to: '1992-12-31' }), 'margin\\.modes\\[2\\]\\.addOns\\[0\\]\\.period\\.from: expected a calendar date "YYYY-MM-DD" that exists$'],
    ['floor years 1000', ADDONS, (s) => (hs(s)[1].years = 1000), 'margin\\.modes\\[2\\]\\.addOns\\[1\\]\\.years: Too big'],
    ['addOns on an isolated mode', ADDONS, (s) => (s.margin.modes[0].addOns = [{ kind: 'correlation-break', shift: 0.25 }]), 'margin\\.modes\\[0\\]: unknown field "addOns"$'],
    ['DCC window 5', EU, (s) => (s.correlation = { kind: 'dcc', window: 5 }), 'correlation\\.window: expected an integer ≥ 20, got 5$'],
    ['DCC refitEvery 0', EU, (s) => (s.correlation = { kind: 'dcc', refitEvery: 0 }), 'correlation\\.refitEvery: expected an integer ≥ 1, got 0$'],
    ['DCC likelihood "partial"', EU, (s) => (s.correlation = { kind: 'dcc', likelihood: 'partial' }), 'correlation\\.likelihood: expected "composite" or "full", got "partial"$'],
    ['DCC with GARCH orders', EU, (s) => (s.correlation = { kind: 'dcc', garch: { p: 2 } }), 'correlation: unknown field "garch"$'],
    ['a stressed blend of a stressed blend', EU, (s) => (s.correlation = { kind: 'stressed', base: { kind: 'stressed', base: { kind: 'ewma', lambda: 0.94 }, weight: 0.5, period: { from: '1992-08-03', to: '1992-12-31' } }, weight: 0.5, period: { from: '1992-08-03', to: '1992-12-31' } }), 'correlation\\.base\\.kind: a stressed blend cannot have a stressed base$'],
  ];
  it.each(cases)('%s', (_name, scenario, edit, located) => refused(scenario, edit, located));
});

describe('calibrate with likelihood-fit settings', () => {
  const scenario = join(ROOT, 'scenarios/eu-pair-trade-1998.json');
  const cases: [string, string[], object | null, RegExp][] = [
    // was: "--dcc: Invalid input"
    ['--dcc foo (was: "Invalid input")', ['--dcc', 'foo'], null, /^xmargin: error: --dcc: expected no value \(a 250-step window\) or a window in steps, got "foo"$/],
    ['--dcc 0', ['--dcc', '0'], null, /^xmargin: error: --dcc: Too small: expected number to be >=20$/],
    // was: "grid.json: dcc: Invalid input"
    ['grid dcc.likelihood "nope" (was: "Invalid input")', [], { dcc: { window: 250, likelihood: 'nope' } }, /: dcc\.likelihood: Invalid option: expected one of "composite"\|"full"$/],
    ['grid dcc "yes" (was: "Invalid input")', [], { dcc: 'yes' }, /: dcc: expected boolean or object, got "yes"$/],
    ['grid dcc with a "__proto__" key', [], withProto('{"dcc": {"window": 250, "__proto__": {"x": 1}}}'), /: dcc\.__proto__: the key "__proto__" is not allowed/],
    ['grid dcc refitEvery -1', [], { dcc: { window: 250, refitEvery: -1 } }, /: dcc\.refitEvery: Too small/],
    ['grid with no estimators', [], { estimators: [] }, /: estimators: Too small/],
  ];
  it.each(cases)('%s', (_name, flags, gridFile, located) => {
    const dir = folder('calibrate');
    const out = join(dir, 'out');
    const args = ['calibrate', scenario, '--out', out, ...flags];
    if (gridFile) {
      writeFileSync(join(dir, 'grid.json'), JSON.stringify(gridFile));
      args.push('--grid', join(dir, 'grid.json'));
    }
    const line = expectInputError(xmargin(args), located);
    if (gridFile) expect(line).toContain(join(dir, 'grid.json'));
    expectNoOutput(dir, out, gridFile ? ['grid.json'] : []);
  });
});

describe('calibrate on an option book', () => {
  // was: 64 exceedances of 310: the calibration runs priced the options at the smile's floor (no implied volatility)
  it('scores the book the run scores: 32 exceedances of 310 for parametric VaR with EWMA 0.94, as result.json', () => {
    const dir = folder('calibrate');
    const out = join(dir, 'out');
    const result = xmargin(['calibrate', join(ROOT, 'scenarios/spx-short-vol-2018.json'), '--ewma', '0.94', '--portfolios', '0', '--out', out, '--json']);
    expect(result.status, result.stderr).toBe(0);
    const csv = readFileSync(join(out, 'calibration.csv'), 'utf8').split('\n');
    const header = csv[0].split(',');
    const row = csv.map((l) => l.split(',')).find((r) => r[header.indexOf('mode')] === 'portfolio-var' && r[header.indexOf('book')] === 'scenario')!;
    expect([row[header.indexOf('observations')], row[header.indexOf('exceedances')]]).toEqual(['310', '32']);
  });

  // was: "assets: hypothetical books need at least 2 assets in the data, got 1": no file, no flag, the default of 20 failing
  it('a one-asset book with hypothetical books asked for (was: a pseudo-path "assets")', () => {
    const dir = folder('calibrate');
    const out = join(dir, 'out');
    expectInputError(xmargin(['calibrate', join(ROOT, 'scenarios/spx-short-vol-2018.json'), '--ewma', '0.94', '--portfolios', '1', '--out', out]), new RegExp(`^xmargin: error: --portfolios: 1 hypothetical long/short books need at least 2 assets; ${literal(join(ROOT, 'scenarios/spx-short-vol-2018.json'))} has 1 \\(SPX\\); give --portfolios 0 to calibrate the scenario's own book$`));
    expectNoOutput(dir, out, []);
  });
});

describe('whatif and stress-reverse', () => {
  const eu = join(ROOT, 'scenarios/eu-pair-trade-1998.json');
  const spx = join(ROOT, 'scenarios/spx-short-vol-2018.json');
  const dax = (notional: number) => JSON.stringify({ asset: 'DAX', notional, leverage: 1, maintenanceRate: 0.05 });
  const cases: [string, string[], RegExp][] = [
    // was: "remove #1 CAC, remove #1 CAC", the position removed twice in the report
    ['--remove CAC --remove 1: one position twice (was: accepted)', ['whatif', eu, '--at', '1998-08-03', '--remove', 'CAC', '--remove', '1'], /^xmargin: error: --remove\[1\]: position 1 \(CAC\) is already removed by --remove\[0\]$/],
    // was: exit 0 with null (∞/NaN) requirements in --json
    ['--add notionals that overflow (was: null in --json)', ['whatif', eu, '--at', '1998-08-03', '--add', dax(1.7e308), '--add', dax(1.7e308), '--json'], /^xmargin: error: --add: on 1998-08-03, mode \S+: \w+ is (Infinity|NaN|-Infinity): amounts .* left the range of doubles/],
    // was: 10⁹ frontier points, a hang
    ['--rho-step 1e-9 (was: a hang)', ['stress-reverse', eu, '--at', '1998-07-20', '--rho-step', '1e-9'], /^xmargin: error: --rho-step: 1e-9 gives 1,000,000,000 correlation shifts up to 1; expected at most 1,000 \(a step of at least 0\.001\)$/],
    // was: exit 0, the option valued a month past its expiry and counted in every requirement
    ['--add an option that expired before --at (was: accepted)', ['whatif', spx, '--at', '2017-03-01', '--add', '{"asset":"SPX","instrument":{"kind":"option","right":"call","strike":2300,"expiry":"2017-02-01","multiplier":100},"quantity":-50}'], /^xmargin: error: --add\[0\]\.instrument\.expiry: expected an expiry after the date of the book \(2017-03-01\), got 2017-02-01$/],
    // was: exit 0 with the added hedge's quantity NaN
    ['--add a hedge (was: a NaN size)', ['whatif', spx, '--at', '2017-03-01', '--add', '{"asset":"SPX","hedge":{"group":"short-puts"},"leverage":10,"maintenanceRate":0.05}'], /^xmargin: error: --add\[0\]\.hedge: not supported by whatif: add the hedge as a linear position with its notional or quantity$/],
    ['--add an option with an expiry that does not exist', ['whatif', spx, '--at', '2017-03-01', '--add', '{"asset":"SPX","instrument":{"kind":"option","right":"call","strike":2300,"expiry":"2017-02-31","multiplier":100},"quantity":-50}'], /^xmargin: error: --add\[0\]\.instrument\.expiry: expected a calendar date "YYYY-MM-DD" that exists$/],
    ['--direction naming the implied-volatility column', ['stress-reverse', spx, '--at', '2018-02-02', '--direction', '{"VIX":0.5}'], /^xmargin: error: --direction: unknown asset "VIX"; the book holds SPX$/],
    ['--at 1998-13-01', ['whatif', eu, '--at', '1998-13-01', '--remove', 'CAC'], /^xmargin: error: --at: expected a date YYYY-MM-DD or "open", got "1998-13-01"$/],
    ['--at intraday', ['whatif', eu, '--at', '1998-08-03T12:00:00Z', '--remove', 'CAC'], /^xmargin: error: --at: expected a date YYYY-MM-DD or "open", got "1998-08-03T12:00:00Z"$/],
    ['--at before the opening', ['whatif', eu, '--at', '1900-01-01', '--remove', 'CAC'], /^xmargin: error: --at: 1900-01-01 is outside the run of .* \(the book opens 1997-01-02, the data ends 1998-08-14\)$/],
    ['--add malformed JSON', ['whatif', eu, '--at', '1998-08-03', '--add', '{"asset":'], /^xmargin: error: --add\[0\]: expected a position as JSON, got "\{\\"asset\\":"/],
    ['--add an unknown asset', ['whatif', eu, '--at', '1998-08-03', '--add', '{"asset":"FOO","notional":1000,"leverage":10,"maintenanceRate":0.05}'], /^xmargin: error: --add\[0\]\.asset: unknown asset "FOO"; known: DAX, SMI, CAC, FTSE$/],
    ['--add with "__proto__"', ['whatif', eu, '--at', '1998-08-03', '--add', '{"asset":"DAX","notional":1000,"leverage":10,"maintenanceRate":0.05,"__proto__":{"x":1}}'], /^xmargin: error: --add\[0\]: Unrecognized key: "__proto__"$/],
    ['--remove a position nobody holds', ['whatif', eu, '--at', '1998-08-03', '--remove', 'FOO'], /^xmargin: error: --remove\[0\]: no position on "FOO"; the book holds DAX, CAC$/],
    ['--remove index 7', ['whatif', eu, '--at', '1998-08-03', '--remove', '7'], /^xmargin: error: --remove\[0\]: position 7 does not exist; the book has positions 0 … 1$/],
    ['--remove __proto__', ['whatif', eu, '--at', '1998-08-03', '--remove', '__proto__'], /^xmargin: error: --remove\[0\]: no position on "__proto__"/],
    ['neither --add nor --remove', ['whatif', eu, '--at', '1998-08-03'], /^xmargin: error: expected a position to add \(--add\) or to remove \(--remove\)$/],
    ['whatif on a Monte Carlo scenario', ['whatif', join(ROOT, 'scenarios/mc-jump-contagion.json'), '--remove', '0'], /^xmargin: error: --at works on the historical path; .* is a Monte Carlo scenario/],
    ['--max-shock 1e308', ['stress-reverse', eu, '--at', '1998-07-20', '--max-shock', '1e308'], /^xmargin: error: --max-shock: expected a number in \(0, 100\], got 1e\+308$/],
    ['--max-shock NaN', ['stress-reverse', eu, '--at', '1998-07-20', '--max-shock', 'abc'], /^xmargin: error: --max-shock: expected a number in \(0, 100\], got NaN$/],
    ['--max-rho-shift 3', ['stress-reverse', eu, '--at', '1998-07-20', '--max-rho-shift', '3'], /^xmargin: error: --max-rho-shift: expected a number in \(0, 2\], got 3$/],
    ['--direction malformed', ['stress-reverse', eu, '--at', '1998-07-20', '--direction', '{"DAX":'], /^xmargin: error: --direction: expected JSON such as \{"DAX": -0\.1\}/],
    ['--direction an unknown asset', ['stress-reverse', eu, '--at', '1998-07-20', '--direction', '{"FOO":-0.1}'], /^xmargin: error: --direction: unknown asset "FOO"; the book holds DAX, CAC$/],
    ['--direction "__proto__"', ['stress-reverse', eu, '--at', '1998-07-20', '--direction', '{"__proto__":-0.1,"DAX":-0.1}'], /^xmargin: error: --direction: unknown asset "__proto__"/],
    ['--direction all zero', ['stress-reverse', eu, '--at', '1998-07-20', '--direction', '{"DAX":0}'], /^xmargin: error: --direction: expected a move of at least one asset$/],
    ['--direction a text move', ['stress-reverse', eu, '--at', '1998-07-20', '--direction', '{"DAX":"x"}'], /^xmargin: error: --direction: DAX: expected a number, got x$/],
  ];
  it.each(cases)('%s', (_name, args, located) => {
    expectInputError(xmargin(args), located);
  });

  // was: the path to the date ran without the implied-volatility series (options priced at the smile's floor)
  // and without the bars (no intrabar checks): "before" was not the book the run holds at the date.
  it('whatif on the option book: "before" is the run\'s book at the date (was: options at the smile floor)', () => {
    const c = scenarioCase(OPTIONS, () => undefined);
    const result = xmargin(['whatif', c.file, '--at', '2017-03-01', '--remove', '1', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const modes = JSON.parse(result.stdout).modes as { mode: string; requirementBefore: number; equityBefore: number | null }[];
    const cross = modes.find((m) => m.mode === 'cross')!;
    // The run's equity and requirement of cross on 2017-03-01 (timeseries.arrow of the same scenario).
    expect(cross.equityBefore).toBeCloseTo(10_006_858.587352, 4);
    expect(cross.requirementBefore).toBeCloseTo(4_333_615, 4);
    expect(modes.find((m) => m.mode === 'portfolio-var')!.requirementBefore).toBeCloseTo(2.58375e-8, 12);
  });

  it('whatif on the venue book after the intrabar liquidation of 2008-10-10: the isolated modes hold nothing (was: still open)', () => {
    const result = xmargin(['whatif', join(ROOT, 'scenarios/venues-spx-2008.json'), '--at', '2008-10-13', '--add', '{"asset":"SPX","notional":1000000,"leverage":10,"maintenanceRate":0.05}', '--json']);
    expect(result.status, result.stderr).toBe(0);
    const modes = JSON.parse(result.stdout).modes as { mode: string; requirementBefore: number }[];
    const before = Object.fromEntries(modes.map((m) => [m.mode, m.requirementBefore]));
    expect(before.isolated).toBe(0);
    expect(before['binance-isolated']).toBe(0);
    expect(before['binance-isolated-close']).toBeGreaterThan(0); // checked at the close: not liquidated
  });

  it('--at a date that is not a step uses the first step after it, and says so', () => {
    const result = xmargin(['whatif', eu, '--at', '1998-08-01', '--add', '{"asset":"DAX","notional":1000,"leverage":10,"maintenanceRate":0.05}']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^eu-pair-trade-1998 at 1998-08-03: add #2 DAX/);
  });
});
