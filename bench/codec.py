"""What saving and restoring a view's state costs: djwire's codec against json + DjangoJSONEncoder.

    .venv/bin/python bench/codec.py            # 1,000 rows

The state is N rows of mixed types (int, str, Decimal, aware datetime, bool, None, a nested
list of str and int) — what a table view holds. Measured in the same run (median of repeats):

- encode: ``djwire.codec.encode`` against ``json.dumps(state, cls=DjangoJSONEncoder)``. The
  baseline is lossy (Decimals and datetimes come back as strings); djwire's is exact.
- decode: ``djwire.codec.decode`` (which restores every Decimal and datetime to its type)
  against ``json.loads`` with an ``object_hook`` restoring the same values from the same
  data written by ``DjangoJSONEncoder`` with Decimals and datetimes tagged (the same revival
  work, done the standard library's way). Also shown, as a
  floor: plain ``json.loads`` of the baseline's bytes, which restores nothing at all.
- plain rows (str/int/float/bool/None only): ``codec.encode``/``decode`` against bare
  ``orjson.dumps``/``loads``, the cost of the codec's checks on the fast path.

Results go to bench/results/codec-<date>.json.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import pathlib
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

import orjson  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402

from djwire import codec  # noqa: E402

REPEAT = 50


def mixed_rows(size: int) -> list[dict[str, Any]]:
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    return [
        {
            "id": i,
            "name": f"Product {i}",
            "price": decimal.Decimal(f"{i % 500}.{i % 100:02d}"),
            "updated": start + dt.timedelta(minutes=i),
            "active": i % 3 == 0,
            "note": None,
            "tags": ["blue", "large", i % 7],
        }
        for i in range(size)
    ]


def plain_rows(size: int) -> list[dict[str, Any]]:
    return [
        {"id": i, "name": f"Product {i}", "ratio": i / 7, "active": i % 2 == 0, "note": None}
        for i in range(size)
    ]


def _revive_hook(obj: dict[str, Any]) -> Any:
    # The standard library's way to restore tagged values: a hook called for every object.
    tag = obj.get(codec.TAG)
    if tag is None:
        return obj
    value = obj["v"]
    if tag == "dec":
        return decimal.Decimal(value)
    if tag == "dt":
        return dt.datetime.fromisoformat(value)
    raise ValueError(tag)


class _TaggingEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder writing Decimals and datetimes as tags, so the stdlib baseline of
    decoding (json.loads + object_hook) restores the same types the codec restores."""

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            return {codec.TAG: "dec", "v": str(o)}
        if isinstance(o, dt.datetime):
            return {codec.TAG: "dt", "v": o.isoformat()}
        return super().default(o)


def median_ms(work: Callable[[], Any]) -> float:
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def measure(size: int) -> dict[str, Any]:
    state = {"rows": mixed_rows(size), "query": "", "page": 1}
    ours = codec.encode(state)
    assert codec.decode(ours) == state, "the codec must round-trip the state exactly"
    theirs = json.dumps(state, cls=DjangoJSONEncoder).encode()
    theirs_tagged = json.dumps(state, cls=_TaggingEncoder).encode()
    assert json.loads(theirs_tagged, object_hook=_revive_hook) == state
    plain = {"rows": plain_rows(size)}
    plain_bytes = codec.encode(plain)
    results: dict[str, Any] = {
        "rows": size,
        "encode_ms": median_ms(lambda: codec.encode(state)),
        "baseline_encode_ms": median_ms(lambda: json.dumps(state, cls=DjangoJSONEncoder)),
        "decode_ms": median_ms(lambda: codec.decode(ours)),
        "baseline_decode_ms": median_ms(
            lambda: json.loads(theirs_tagged, object_hook=_revive_hook)
        ),
        "floor_decode_ms": median_ms(lambda: json.loads(theirs)),
        "bytes": len(ours),
        "baseline_bytes": len(theirs),
        "plain_encode_ms": median_ms(lambda: codec.encode(plain)),
        "orjson_encode_ms": median_ms(lambda: orjson.dumps(plain)),
        "plain_decode_ms": median_ms(lambda: codec.decode(plain_bytes)),
        "orjson_decode_ms": median_ms(lambda: orjson.loads(plain_bytes)),
    }
    results["encode_speedup"] = results["baseline_encode_ms"] / results["encode_ms"]
    results["decode_speedup"] = results["baseline_decode_ms"] / results["decode_ms"]
    return results


def table(r: dict[str, Any]) -> str:
    rows = [
        ("mixed: encode", r["encode_ms"], r["baseline_encode_ms"], "json + DjangoJSONEncoder"),
        ("mixed: decode", r["decode_ms"], r["baseline_decode_ms"], "json.loads + object_hook"),
        ("mixed: decode", r["decode_ms"], r["floor_decode_ms"], "json.loads, no revival"),
        ("plain: encode", r["plain_encode_ms"], r["orjson_encode_ms"], "bare orjson.dumps"),
        ("plain: decode", r["plain_decode_ms"], r["orjson_decode_ms"], "bare orjson.loads"),
    ]
    title = f"rows={r['rows']}"
    header = f"{title:<14} | {'djwire':>9} | {'baseline':>9} | {'ratio':>6} | baseline"
    lines = [header, "-" * len(header)]
    for name, ours, theirs, what in rows:
        lines.append(
            f"{name:<14} | {ours:>6.3f} ms | {theirs:>6.3f} ms | {theirs / ours:>5.2f}x | {what}"
        )
    lines.append(f"{'mixed: bytes':<14} | {r['bytes']:>9} | {r['baseline_bytes']:>9} |")
    return "\n".join(lines)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    results = [measure(size) for size in sizes]
    for result in results:
        print(table(result))
        print()
    out = ROOT / "bench" / "results" / f"codec-{dt.date.today().isoformat()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"python": sys.version.split()[0], "results": results}, indent=2))
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
