"""(d) Filing compliance (art. 十一) as of AS_OF: `isms-review query --by filing --as-of AS_OF`.

Reads cases.csv and calendar.csv. The deadline is computed from the calendar, not guessed:
  working day  = (Monday–Friday and the calendar does not mark it 'off') or the calendar marks it 'work';
  ordinal(d)   = number of working days <= d (a running count over a day series covering every year
                 the calendar covers);
  deadline     = the working day whose ordinal is ordinal(certified_on) + 30, i.e. the 30th working day
                 strictly after the certificate date.
on-time: filed_on <= deadline; late: filed_on > deadline; overdue: not filed and as_of > deadline;
due: not filed and as_of <= deadline; n/a: no certified_on.
A certificate date whose deadline falls outside the calendar's years is an error, as in isms-review.
"""

import sys

from common import FILINGS, arguments, connect, csv, emit, order

content, as_of = arguments()
db = connect()
db.sql(f"""
    CREATE TEMP TABLE days AS
    WITH cal AS (
        SELECT CAST(date AS DATE) AS d, kind FROM {csv(content, 'calendar.csv')}
    ),
    series AS (
        SELECT CAST(generate_series AS DATE) AS d
        FROM generate_series(
            (SELECT CAST(date_trunc('year', min(d)) AS TIMESTAMP) FROM cal),
            (SELECT CAST(date_trunc('year', max(d)) + INTERVAL 1 YEAR - INTERVAL 1 DAY AS TIMESTAMP) FROM cal),
            INTERVAL 1 DAY)
    ),
    marked AS (
        SELECT s.d,
               CASE WHEN cal.kind = 'off' THEN 0
                    WHEN cal.kind = 'work' THEN 1
                    WHEN isodow(s.d) <= 5 THEN 1
                    ELSE 0 END AS working
        FROM series s LEFT JOIN cal ON cal.d = s.d
    )
    SELECT d, working, sum(working) OVER (ORDER BY d) AS ordinal FROM marked
""")
rows = db.sql(f"""
    WITH workdays AS (SELECT ordinal, d FROM days WHERE working = 1),
    c AS (
        SELECT CAST(certified_on AS DATE) AS certified, CAST(filed_on AS DATE) AS filed
        FROM {csv(content, 'data/cases.csv')}
    ),
    judged AS (
        SELECT c.certified, c.filed, w.d AS deadline
        FROM c
        LEFT JOIN days o ON o.d = c.certified
        LEFT JOIN workdays w ON w.ordinal = o.ordinal + 30
    )
    SELECT CASE
               WHEN certified IS NULL THEN 'n/a'
               WHEN deadline IS NULL THEN 'error'
               WHEN filed IS NOT NULL AND filed <= deadline THEN 'on-time'
               WHEN filed IS NOT NULL THEN 'late'
               WHEN DATE '{as_of}' > deadline THEN 'overdue'
               ELSE 'due'
           END AS filing,
           count(*) AS n
    FROM judged
    GROUP BY filing
    ORDER BY list_position({order(FILINGS)}, filing)
""").fetchall()
if any(filing == "error" for filing, _ in rows):
    sys.exit("error: a certificate date or its deadline falls in a year calendar.csv does not cover")
emit(as_of, ["filing"], rows, sum(n for _, n in rows))
