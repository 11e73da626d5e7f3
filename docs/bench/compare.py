"""Compare DuckDB's aggregates (duckdb_agg.mjs OUT.csv) with ceb's
(ceb data aggregate -o OUT.csv), to the fen, group by group.
Usage: python3 compare.py duckdb.csv ceb.csv; exits 1 on any difference.
Dimension columns (province, partner, trade_mode, hs2) found in both
headers are part of the group key."""
import csv
import sys


def fen(v):
    whole, _, frac = v.partition('.')
    return int(whole) * 100 + int((frac + '00')[:2])


DIMS = ('province', 'partner', 'trade_mode', 'hs2')


def dims(r):
    return tuple(r[d] for d in DIMS if d in r)


duck = {}
for r in csv.DictReader(open(sys.argv[1], newline='')):
    for cls in ('trade', 'cbec'):
        if r[cls + '_value'] in ('', 'null'):
            continue
        duck[(cls, r['flow'], r['period'], r['currency']) + dims(r)] = (
            fen(r[cls + '_value']), int(r[cls + '_records']), int(r[cls + '_pieces']))
ceb = {}
for r in csv.DictReader(open(sys.argv[2], newline='')):
    if r['flow'] == 'total':  # DuckDB's query has no totals
        continue
    ceb[(r['series'], r['flow'], r['period'], r['currency']) + dims(r)] = (fen(r['value']), int(r['records']), int(r['pieces']))
differ = sorted(k for k in duck.keys() | ceb.keys() if duck.get(k) != ceb.get(k))
print(f"{len(duck)} groups from DuckDB, {len(ceb)} from ceb (without totals); differing: {len(differ)}")
for k in differ[:10]:
    print(' ', k, duck.get(k), ceb.get(k))
sys.exit(1 if differ else 0)
