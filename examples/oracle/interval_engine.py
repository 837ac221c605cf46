#!/usr/bin/env python3
"""The interval engine in another language: numpy, over the oracle protocol (JSON lines on
stdin/stdout; see docs/oracle-protocol.md). Answers `range` requests with outward-rounded
interval bounds (numpy.nextafter after every operation), so it is sound:

    relu-regions oracle --engine "python3 examples/oracle/interval_engine.py" --query range --runs 200 --seed 1
"""
import json
import sys
from fractions import Fraction

import numpy as np

INF = np.inf


def down(x):
    return np.nextafter(x, -INF)


def up(x):
    return np.nextafter(x, INF)


def exact(s):
    """The interval of doubles around an exact "p/q" or decimal string."""
    v = Fraction(s)
    f = float(v)  # correctly rounded: within half an ulp
    return (down(f), up(f))


def answer(request):
    dom = request["domain"]
    lo = np.array([exact(v)[0] for v in dom["lo"]])
    hi = np.array([exact(v)[1] for v in dom["hi"]])
    for layer in request["network"]["layers"]:
        w = [[exact(v) for v in row] for row in layer["weights"]]
        wl = np.array([[a for a, _ in row] for row in w])
        wh = np.array([[b for _, b in row] for row in w])
        b = [exact(v) for v in layer["bias"]]
        # products of intervals: the min and max of the four corner products, widened
        cands = np.stack([wl * lo, wl * hi, wh * lo, wh * hi])
        pmin = down(cands.min(axis=0))
        pmax = up(cands.max(axis=0))
        new_lo = np.array([b[j][0] for j in range(len(b))])
        new_hi = np.array([b[j][1] for j in range(len(b))])
        for i in range(pmin.shape[1]):  # accumulate with widening after every addition
            new_lo = down(new_lo + pmin[:, i])
            new_hi = up(new_hi + pmax[:, i])
        if layer.get("activation", "relu") == "relu":
            new_lo = np.maximum(new_lo, 0.0)
            new_hi = np.maximum(new_hi, 0.0)
        lo, hi = new_lo, new_hi
    k = request["output"]
    return {"id": request["id"], "lower": float(lo[k]), "upper": float(hi[k])}


for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line)
    if req.get("query") != "range":
        out = {"id": req.get("id"), "error": "unsupported query"}
    else:
        out = answer(req)
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
