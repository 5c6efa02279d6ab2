#!/usr/bin/env python3
"""The batch re-price kernel of bench/compare in pure Python and in numpy: the same formula, the same tiers, the same
random book as Compare.java's (qty 0.001-5 BTC, entry 50,000-70,000, leverage 1-100, mark 58,000).

    ratio = (|q|*mark*MMR(tier) - cum(tier)) / (margin + q*(mark - entry)),  +inf when the balance is 0 or less
    liquidated = ratio >= 1

Prints one line per round and kernel: name, CPU ns per position, wall ns per position (alternating the kernels).
Usage: python3 bench/python/reprice.py [rounds]
"""
import bisect
import math
import random
import sys
import time

FLOORS = [0, 50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9]
CAPS = [50e3, 600e3, 3e6, 12e6, 70e6, 100e6, 230e6, 480e6, 600e6, 800e6, 1.2e9, 1.8e9]
MMR = [0.004, 0.005, 0.0065, 0.01, 0.02, 0.025, 0.05, 0.1, 0.125, 0.15, 0.25, 0.5]
CUM = [0.0] * 12
for i in range(1, 12):
    CUM[i] = CUM[i - 1] + FLOORS[i] * (MMR[i] - MMR[i - 1])
SEARCH_CAPS = CAPS[:-1] + [math.inf]  # the last tier is open-ended, as in the Java kernels
MARK = 58_000.0


def book(n, seed=7):
    r = random.Random(seed)
    q, e, m = [], [], []
    for _ in range(n):
        qty = 0.001 + r.random() * 5
        entry = 50_000 + r.random() * 20_000
        lev = 1 + r.randrange(100)
        q.append(qty if r.random() < 0.5 else -qty)
        e.append(entry)
        m.append(qty * entry / lev)
    return q, e, m


def pure(q, e, m):
    ratio = [0.0] * len(q)
    liq = [False] * len(q)
    count = 0
    caps, mmr, cum, mark = SEARCH_CAPS, MMR, CUM, MARK
    for i in range(len(q)):
        qi = q[i]
        notional = abs(qi) * mark
        t = bisect.bisect_left(caps, notional)
        mm = notional * mmr[t] - cum[t]
        bal = m[i] + qi * (mark - e[i])
        r = mm / bal if bal > 0 else math.inf
        ratio[i] = r
        if r >= 1.0:
            liq[i] = True
            count += 1
    return count


def numpy_kernel(np, caps, mmr, cum, q, e, m):
    notional = np.abs(q) * MARK
    t = np.searchsorted(caps, notional, side="left")
    mm = notional * mmr[t] - cum[t]
    bal = m + q * (MARK - e)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(bal > 0, mm / bal, np.inf)
    liq = ratio >= 1.0
    return int(np.count_nonzero(liq))


def timed(fn, n, reps):
    cpu, wall = [], []
    for _ in range(reps):
        c, w = time.process_time_ns(), time.perf_counter_ns()
        fn()
        wall.append((time.perf_counter_ns() - w) / n)
        cpu.append((time.process_time_ns() - c) / n)
    cpu.sort()
    wall.sort()
    return cpu[len(cpu) // 2], wall[len(wall) // 2]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    n_np, n_py = 1_000_000, 200_000
    q, e, m = book(n_np)
    try:
        import numpy as np
        qa, ea, ma = np.array(q), np.array(e), np.array(m)
        caps, mmr, cum = np.array(SEARCH_CAPS), np.array(MMR), np.array(CUM)
        print("info numpy", np.__version__)
    except ImportError:
        np = None
        print("info numpy unavailable")
    qp, ep, mp = q[:n_py], e[:n_py], m[:n_py]
    if np is not None:
        # the two implementations agree
        assert numpy_kernel(np, caps, mmr, cum, qa[:n_py], ea[:n_py], ma[:n_py]) == pure(qp, ep, mp)
        for _ in range(3):
            numpy_kernel(np, caps, mmr, cum, qa, ea, ma)
    for _ in range(rounds):
        if np is not None:
            c, w = timed(lambda: numpy_kernel(np, caps, mmr, cum, qa, ea, ma), n_np, 5)
            print(f"numpy {c:.4f} {w:.4f}", flush=True)
        c, w = timed(lambda: pure(qp, ep, mp), n_py, 1)
        print(f"pure_python {c:.4f} {w:.4f}", flush=True)


if __name__ == "__main__":
    main()
