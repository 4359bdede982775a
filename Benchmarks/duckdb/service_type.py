"""(b) Cases by service type: `isms-review query --by service-type`. Reads services.csv only.

A case counts once under each distinct type it declares: distinct (review_no, type) pairs.
total_cases = distinct review_no in services.csv (every generated case declares a service).
"""

from common import SERVICE_TYPES, arguments, connect, csv, emit, order

content, as_of = arguments()
db = connect()
db.sql(f"CREATE TEMP TABLE pairs AS SELECT DISTINCT review_no, type FROM {csv(content, 'data/services.csv')}")
rows = db.sql(f"""
    SELECT type, count(*) AS n FROM pairs
    GROUP BY type
    ORDER BY list_position({order(SERVICE_TYPES)}, type)
""").fetchall()
[(total,)] = db.sql("SELECT count(DISTINCT review_no) FROM pairs").fetchall()
emit(as_of, ["service-type"], rows, total)
