"""Shared bits of the DuckDB side of `make bench`: arguments, the CSV readers and the JSON printer.

Each question is one script (nature.py, service_type.py, nature_outcome.py, filing.py):
    python3 Benchmarks/duckdb/<question>.py CONTENT_DIR [AS_OF]
It reads only the CSV file(s) its question needs, validates nothing, and prints the counts as the same
JSON object `isms-review query --format json` prints, so the two can be compared byte for byte.
"""

import json
import sys

import duckdb

# Natural orders of SPEC §4 (nature in the form's order, outcome and filing as in SPEC §2's tables).
NATURES = ["事业单位", "企业组织", "中资企业", "港(澳台)独资或合资企业", "外商独资或合资企业", "社会团体", "其它"]
SERVICE_TYPES = list("ABCDEFGHIJ")
OUTCOMES = ["pending-formal", "not-accepted", "pending-substantive", "rejected", "approved"]
FILINGS = ["on-time", "late", "overdue", "due", "n/a"]


def arguments():
    content = sys.argv[1] if len(sys.argv) > 1 else "bench-data/1m"
    as_of = sys.argv[2] if len(sys.argv) > 2 else "2026-11-24"
    return content, as_of


def csv(content, name):
    """A DuckDB table expression over content/NAME, every column as text (empty cell = NULL)."""
    path = f"{content}/{name}".replace("'", "''")
    return f"read_csv('{path}', header = true, all_varchar = true)"


def order(values):
    """A SQL list literal, for list_position(…) in ORDER BY."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def emit(as_of, by, rows, total):
    """Prints {"as_of":…,"by":[…],"rows":[{dim:value,…,"count":n},…],"total_cases":N} like isms-review."""
    result = {
        "as_of": as_of,
        "by": by,
        "rows": [dict(zip(by + ["count"], row)) for row in rows],
        "total_cases": total,
    }
    print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))


def connect():
    return duckdb.connect()  # in memory; DuckDB's default thread count (all cores)
