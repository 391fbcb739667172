"""The HTTP render against plain Django in instructions, which a shared machine does not skew.

    PYTHONPATH=$PWD/src valgrind --tool=callgrind --collect-atstart=no \\
        --toggle-collect=functools_reduce --dump-after=functools_reduce \\
        --callgrind-out-file=/tmp/cg .venv/bin/python bench/first_response_ir.py 2000
    grep -h '^summary:' /tmp/cg.1 /tmp/cg.2     # plain Django, then djwire

After a warm-up, first_response.py's plain view and djwire's page of ``rows`` rows (default
2,000) each run once, alone inside a ``functools.reduce`` call: callgrind counts only what runs
inside it and writes a file per call.
"""

from __future__ import annotations

import functools
import pathlib
import sys
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from bench import first_response


def counted(work: Any, rows: int) -> None:
    functools.reduce(lambda _a, _b: work(rows), [0, 0])


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    first_response.plain_django(200)
    first_response.djwire_page(200)
    counted(first_response.plain_django, rows)
    counted(first_response.djwire_page, rows)


if __name__ == "__main__":
    main()
