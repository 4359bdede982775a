"""(c) 机构性质 × outcome cross-tab: `isms-review query --by nature,outcome`. Reads cases.csv only."""

from common import NATURES, OUTCOMES, arguments, connect, csv, emit, order

content, as_of = arguments()
db = connect()
rows = db.sql(f"""
    WITH c AS (
        SELECT nature,
               CASE
                   WHEN formal_result IS NULL THEN 'pending-formal'
                   WHEN formal_result = '不予受理' THEN 'not-accepted'
                   WHEN formal_result = '受理' AND substantive_result IS NULL THEN 'pending-substantive'
                   WHEN substantive_result = '不同意' THEN 'rejected'
                   WHEN substantive_result = '同意' THEN 'approved'
               END AS outcome
        FROM {csv(content, 'data/cases.csv')}
    )
    SELECT nature, outcome, count(*) AS n
    FROM c
    GROUP BY nature, outcome
    ORDER BY list_position({order(NATURES)}, nature), list_position({order(OUTCOMES)}, outcome)
""").fetchall()
emit(as_of, ["nature", "outcome"], rows, sum(row[-1] for row in rows))
