#!/usr/bin/env python3
"""pandas reference for the correlation bench: `DataFrame.rolling(window).corr()` on the bench's returns.

Usage: python3 bench/rolling_corr_pandas.py returns.f64 steps assets window repeats out.f64
Reads `steps × assets` float64 returns (row-major), times `rolling(window).corr()` (one warm-up call, then
`repeats` timed calls; the median and best are printed as JSON) and writes the last call's matrices, the
steps with a full window only (`(steps − window + 1) × assets × assets`), to out.f64 so the bench can compare
them with xmargin's `rollingCorrelationMatrixSeries`.
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def main():
    source, steps, assets, window, repeats, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    frame = pd.DataFrame(np.fromfile(source, dtype="<f8").reshape(steps, assets))
    frame.rolling(window).corr()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = frame.rolling(window).corr()
        seconds.append(time.perf_counter() - start)
    matrices = result.to_numpy().reshape(steps, assets, assets)[window - 1:]
    np.ascontiguousarray(matrices, dtype="<f8").tofile(out)
    seconds.sort()
    json.dump({"pandas": pd.__version__, "medianSeconds": seconds[len(seconds) // 2], "bestSeconds": seconds[0]}, sys.stdout)


if __name__ == "__main__":
    main()
