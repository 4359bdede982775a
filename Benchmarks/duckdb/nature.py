"""(a) Cases by 机构性质: `isms-review query --by nature`. Reads cases.csv only."""

from common import NATURES, arguments, connect, csv, emit, order

content, as_of = arguments()
db = connect()
rows = db.sql(f"""
    SELECT nature, count(*) AS n
    FROM {csv(content, 'data/cases.csv')}
    GROUP BY nature
    ORDER BY list_position({order(NATURES)}, nature)
""").fetchall()
emit(as_of, ["nature"], rows, sum(n for _, n in rows))
