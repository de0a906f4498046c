"""Nearest-first benchmark: ordering 300 service points for one area, in Python (circle/nearest.py).

    .venv/bin/python bench/circle.py [--points 300] [--repeat 2000]

Builds ``--points`` plain points spread over the town (no database: what the page orders is already
loaded), then times ``nearest_first`` for an area — the distances, walks and the ordering the circle
page and the kiosk do per request — and prints the median and 95th percentile in milliseconds. The
target is 5 ms at 300 points. A benchmark, not a test: it reports figures and asserts nothing.
"""

import argparse
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from circle.nearest import nearest_first  # noqa: E402  (after the path is set)

CENTRE = (30.8966, 121.1605)


@dataclass(frozen=True)
class Point:
    pk: int
    latlng: tuple[float, float] | None


def town(count: int, seed: int = 17) -> list[Point]:
    rng = random.Random(seed)
    points = []
    for pk in range(count):
        distance, bearing = rng.uniform(50, 5000), rng.uniform(0, 2 * math.pi)
        lat = CENTRE[0] + distance * math.cos(bearing) / 111_195
        lng = CENTRE[1] + distance * math.sin(bearing) / (111_195 * math.cos(math.radians(CENTRE[0])))
        points.append(Point(pk, None if pk % 50 == 49 else (lat, lng)))
    return points


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    points = town(args.points)
    serving = {point.pk for point in points[:3]}
    home = (30.8990, 121.1580)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        nearest_first(points, home, serving)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"nearest_first, {args.points} points: median {median:.3f} ms, p95 {p95:.3f} ms (target ≤ 5 ms)")
    print(f"  median is {median / 5:.2%} of the 5 ms target")


if __name__ == "__main__":
    main()
