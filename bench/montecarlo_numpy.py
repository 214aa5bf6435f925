#!/usr/bin/env python3
"""numpy reference of the Monte Carlo bench (bench/montecarlo.bench.js), vectorised across a block of paths.

The same semantics as `xmargin run` on the bench scenario, written the way a quant would write it in numpy:
every array holds a block of B paths (B × n assets), and the only Python loop is over the 252 steps.

  * GBM fitted to the history exactly as xmargin fits it (src/paths/fit-history.ts, resolve-marginals.ts,
    gbm.ts): per-step mean m and sample standard deviation s (divisor T − 1) of the log returns, Pearson
    correlation, S0 = the last price; simulated log return m + s·(L·z)_i with L·Lᵀ = correlation.
  * EWMA λ = 0.94, zero mean (src/correlation/ewma-correlation.ts), warmed up as the engine does
    (src/engine/margin-engine.ts): every path starts from the last W + 1 history rows (W = the warm-up,
    ⌈1/(1 − λ)⌉ = 17 rows), the seed is the mean of r·rᵀ over those W returns, and the estimate at step t
    includes the return into t.
  * Three modes on the same path: isolated (a bucket per position funded with its initial margin, maintenance
    rate × |notional|), cross (one pool, Σ maintenance) and portfolio (parametric VaR z_α·√h·√(eᵀΣe),
    standalone z_α·√h·σ_i·|e_i|, cap on the diversification credit, floor and add-on on gross).
  * Full liquidation when equity < requirement, a fee on the notional closed, bad debt when equity after the
    close-out is negative (written off to 0); a closed position stays closed.
  * The margin backtest of each cross mode: at each step with t + h inside the path and the pool open, the
    h-step loss of the book held at t against the requirement at t; "breakdown" when the loss is within the
    standalone sum (xmargin's standalone-covered count; its correlation-breakdown cause is a factor attribution). Liquidations avoided: an isolated bucket liquidated while a cross mode still
    holds the position.

Usage (the bench writes the spec; see bench/montecarlo.bench.js):
  python3 bench/montecarlo_numpy.py spec.json                   simulate spec.runs paths, print a JSON summary
  python3 bench/montecarlo_numpy.py spec.json --paths file.f64  run the given price paths (float64, path-major
                                                                K × rows × n, rows = W + 1 + steps), print
                                                                every path's outcome (the exact cross-check)
"""
import json
import resource
import sys
import time
from statistics import NormalDist

import numpy as np

def read_history(spec):
    """Prices of the spec's assets from `data.from` on: (rows, n)."""
    with open(spec["dataFile"]) as f:
        header = f.readline().strip().split(",")
    columns = [header.index(a) for a in spec["assets"]]
    dates = np.loadtxt(spec["dataFile"], delimiter=",", skiprows=1, usecols=0, dtype=str)
    prices = np.loadtxt(spec["dataFile"], delimiter=",", skiprows=1, usecols=columns, ndmin=2)
    return prices[dates >= spec["from"]]  # ISO dates compare as text


def fit_gbm(history):
    """Per-step drift of the log price, volatility and correlation factor, as `fit: "data"` does."""
    r = np.log(history[1:] / history[:-1])
    correlation = np.corrcoef(r, rowvar=False)
    return {"mean": r.mean(axis=0), "volatility": r.std(axis=0, ddof=1), "factor": np.linalg.cholesky(correlation), "S0": history[-1], "returns": r}


class Book:
    """The bench scenario's book and rules, as arrays."""

    def __init__(self, spec):
        self.notional = np.array([p["notional"] for p in spec["positions"]], dtype=float)
        self.im_rate = np.array([p["initialMarginRate"] for p in spec["positions"]], dtype=float)
        self.mm_rate = np.array([p["maintenanceRate"] for p in spec["positions"]], dtype=float)
        self.capital = float(spec["capital"])
        self.lam = float(spec["lambda"])
        self.h = int(spec["horizonSteps"])
        # NormalDist.inv_cdf is Wichura's AS 241, as xmargin's normalQuantile.
        self.scale = NormalDist().inv_cdf(spec["confidence"]) * np.sqrt(self.h)
        self.cap, self.floor, self.add_on = spec["cap"], spec["floor"], spec["addOn"]
        self.fee = float(spec["fee"])


def run_block(book, prices, returns, seed_cov):
    """Every mode along B paths at once. prices: (steps + 1, B, n) from the opening (row 0); returns: their
    log returns (steps, B, n); seed_cov: the EWMA covariance after the warm-up, (n, n) or (B, n, n).
    Returns the per-path outcome as a dict of arrays."""
    steps = returns.shape[0]
    B, n = prices.shape[1], prices.shape[2]
    lam, weight, h = book.lam, 1 - book.lam, book.h
    entry = prices[0]
    q = book.notional / entry
    initial_margin = np.abs(book.notional) * book.im_rate
    cov = np.array(np.broadcast_to(seed_cov, (B, n, n)))
    outer = np.empty((B, n, n))
    # Per mode: open flags, pool equity (frozen at close-out), liquidation count, bad debt.
    iso_open = np.ones((B, n), dtype=bool)
    iso_equity = np.tile(initial_margin, (B, 1))
    iso_liquidations = np.zeros(B)
    iso_bad = np.zeros(B)
    pool_open = np.ones((2, B), dtype=bool)  # cross, portfolio
    pool_equity = np.full((2, B), book.capital)
    pool_liquidations = np.zeros((2, B))
    pool_bad = np.zeros((2, B))
    observations = np.zeros((2, B))
    exceedances = np.zeros((2, B))
    breakdown = np.zeros((2, B))
    avoided = np.zeros((2, B))
    requirement = np.empty((2, B))
    standalone = np.empty((2, B))
    for s in range(steps + 1):
        price = prices[s]
        if s > 0:
            r = returns[s - 1]
            np.multiply(r[:, :, None], r[:, None, :], out=outer)
            outer *= weight
            cov *= lam
            cov += outer
        exposure = q * price
        gross = np.abs(exposure)
        pnl = q * (price - entry)

        # Isolated: bucket equity IM + P&L against its maintenance margin.
        equity = initial_margin + pnl
        np.copyto(iso_equity, equity, where=iso_open)
        mm = book.mm_rate * gross
        iso_hit = iso_open & (equity < mm)
        if iso_hit.any():
            after = equity - book.fee * gross
            iso_liquidations += iso_hit.sum(axis=1)
            iso_bad += np.where(iso_hit & (after < 0), -after, 0).sum(axis=1)
            np.copyto(iso_equity, np.maximum(after, 0), where=iso_hit)
            iso_open &= ~iso_hit

        # Cross (Σ maintenance) and portfolio (parametric VaR with the cap) on one pool each.
        book_pnl = pnl.sum(axis=1)
        mm_sum = mm.sum(axis=1)
        requirement[0] = mm_sum
        standalone[0] = mm_sum
        volatility = np.sqrt(np.diagonal(cov, axis1=1, axis2=2))
        standalone_sum = book.scale * (volatility * gross).sum(axis=1)
        quad = np.matmul(cov, exposure[:, :, None])[:, :, 0]
        quad = (quad * exposure).sum(axis=1)
        diversified = book.scale * np.sqrt(np.maximum(quad, 0))
        credit = np.maximum(standalone_sum - diversified, 0)
        gross_sum = gross.sum(axis=1)
        requirement[1] = np.maximum(standalone_sum - book.cap * credit, book.floor * gross_sum) + book.add_on * gross_sum
        standalone[1] = standalone_sum
        equity = book.capital + book_pnl
        for m in range(2):
            open_m = pool_open[m]
            np.copyto(pool_equity[m], equity, where=open_m)
            hit = open_m & (equity < requirement[m])
            if hit.any():
                after = equity - book.fee * gross_sum
                pool_liquidations[m] += hit
                pool_bad[m] += np.where(hit & (after < 0), -after, 0)
                np.copyto(pool_equity[m], np.maximum(after, 0), where=hit)
                open_m &= ~hit
            if iso_hit.any():
                avoided[m] += (iso_hit & open_m[:, None]).sum(axis=1)

        # Margin backtest: the h-step loss of the book held now against the requirement held now.
        if s + h <= steps:
            loss = -(q * (prices[s + h] - price)).sum(axis=1)
            for m in range(2):
                open_m = pool_open[m]
                observations[m] += open_m
                exceeded = open_m & (loss > requirement[m])
                exceedances[m] += exceeded
                breakdown[m] += exceeded & (loss <= standalone[m])

    idle = book.capital - initial_margin.sum()
    return {
        "liquidations": [iso_liquidations, pool_liquidations[0], pool_liquidations[1]],
        "wipedOut": [~iso_open.any(axis=1), ~pool_open[0], ~pool_open[1]],
        "badDebt": [iso_bad, pool_bad[0], pool_bad[1]],
        "finalEquity": [idle + iso_equity.sum(axis=1), pool_equity[0], pool_equity[1]],
        "observations": list(observations),
        "exceedances": list(exceedances),
        "breakdown": list(breakdown),
        "avoided": list(avoided),
    }


def ewma_seed(warmup_returns):
    """Mean of r·rᵀ over the warm-up returns (W, n) or (W, B, n)."""
    W = warmup_returns.shape[0]
    if warmup_returns.ndim == 2:
        return warmup_returns.T @ warmup_returns / W
    return np.einsum("tbi,tbj->bij", warmup_returns, warmup_returns) / W


def simulate(spec):
    """spec.runs GBM paths in blocks of spec.block; the headline tallies and per-path sufficient statistics."""
    book = Book(spec)
    history = read_history(spec)
    fit = fit_gbm(history)
    W, steps, runs, block = spec["warmup"], spec["steps"], spec["runs"], spec["block"]
    seed_cov = ewma_seed(fit["returns"][-W:])
    drift, vol, factor = fit["mean"], fit["volatility"], fit["factor"]
    log_s0 = np.log(fit["S0"])
    outcomes = []
    for first in range(0, runs, block):
        B = min(block, runs - first)
        rng = np.random.default_rng([spec["seed"], first])
        shocks = rng.standard_normal((steps, B, len(drift))) @ factor.T
        returns = drift + vol * shocks
        log_prices = np.empty((steps + 1, B, len(drift)))
        log_prices[0] = log_s0
        np.cumsum(returns, axis=0, out=log_prices[1:])
        log_prices[1:] += log_s0
        outcomes.append(run_block(book, np.exp(log_prices), returns, seed_cov))
    joined = {key: [np.concatenate([o[key][m] for o in outcomes]) for m in range(len(outcomes[0][key]))] for key in outcomes[0]}
    return joined, fit


def summarise(outcome):
    """Headline probabilities (share of paths) and exceedance rates, with what the z-tests need."""
    runs = len(outcome["liquidations"][0])
    modes = []
    for m in range(3):
        final = outcome["finalEquity"][m]
        modes.append({
            "liquidation": int((outcome["liquidations"][m] > 0).sum()),
            "wipedOut": int(outcome["wipedOut"][m].sum()),
            "badDebt": int((outcome["badDebt"][m] > 0).sum()),
            "finalEquityMean": float(final.mean()),
            "finalEquitySd": float(final.std(ddof=1)),
        })
    cross = []
    for m in range(2):
        obs, exc = outcome["observations"][m], outcome["exceedances"][m]
        rate = exc.sum() / obs.sum()
        # Standard error of a ratio of per-path sums (clustered by path, delta method): √(Σ(e_k − R·o_k)²)/Σo_k.
        rate_se = np.sqrt(((exc - rate * obs) ** 2).sum()) / obs.sum()
        cross.append({
            "underfunded": int((exc > 0).sum()),
            "breakdown": int((outcome["breakdown"][m] > 0).sum()),
            "avoided": int((outcome["avoided"][m] > 0).sum()),
            "observations": int(obs.sum()),
            "exceedances": int(exc.sum()),
            "exceedanceRate": float(rate),
            "exceedanceRateSe": float(rate_se),
        })
    return {"runs": runs, "modes": modes, "cross": cross}


def main():
    spec = json.load(open(sys.argv[1]))
    book = Book(spec)
    if len(sys.argv) > 3 and sys.argv[2] == "--paths":
        W, steps, n = spec["warmup"], spec["steps"], len(spec["assets"])
        rows = W + 1 + steps
        paths = np.fromfile(sys.argv[3], dtype="<f8").reshape(-1, rows, n).transpose(1, 0, 2)
        log_returns = np.log(paths[1:] / paths[:-1])
        outcome = run_block(book, paths[W:], log_returns[W:], ewma_seed(log_returns[:W]))
        json.dump({key: [v.astype(float).tolist() for v in values] for key, values in outcome.items()}, sys.stdout)
        return
    cpu0, wall0 = time.process_time(), time.perf_counter()
    outcome, fit = simulate(spec)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    json.dump({
        "cpuSeconds": cpu,
        "wallSeconds": wall,
        "processCpuSeconds": usage.ru_utime + usage.ru_stime,
        "rssMiB": usage.ru_maxrss / 1024,
        "numpy": np.__version__,
        "fit": {"meanLogReturn": fit["mean"].tolist(), "volatility": fit["volatility"].tolist(), "rows": len(fit["returns"]) + 1},
        "summary": summarise(outcome),
    }, sys.stdout)


if __name__ == "__main__":
    main()
