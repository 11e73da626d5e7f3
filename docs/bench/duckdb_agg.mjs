// The reference job for docs/benchmarks.md: the same aggregation as
// `ceb data aggregate` (month × flow × currency, all trade and CBEC modes,
// exact DECIMAL sums, record counts and pieces), run by DuckDB on two
// threads. Usage: node duckdb_agg.mjs FILE [OUT.csv]
// With CEB_BENCH_DIMS=province,partner,hs2 (any of province, partner,
// trade_mode, hs2) it also groups by those, as `ceb data aggregate --dims`.
// Needs @duckdb/node-api (npm install @duckdb/node-api@1.5.6-r.1).
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'fs';

const file = process.argv[2];
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
const cbec = `trade_mode IN ('9610','9710','9810','1210','1239')`;
const dimExpr = { province: 'province', partner: 'partner', trade_mode: 'trade_mode', hs2: 'substr(hs_code, 1, 2) AS hs2' };
const dims = (process.env.CEB_BENCH_DIMS || '').split(',').filter(d => d !== '');
for (const d of dims) {
  if (!(d in dimExpr)) throw new Error(`CEB_BENCH_DIMS: unknown dimension ${d}`);
}
// A .parquet file is read as typed; a CSV with the declared column types.
const source = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_csv('${file}', header=true,
      columns={'declaration_id':'VARCHAR','declared_on':'DATE','flow':'VARCHAR','trade_mode':'VARCHAR','hs_code':'VARCHAR',
               'partner':'VARCHAR','province':'VARCHAR','currency':'VARCHAR','value':'VARCHAR','pieces':'BIGINT'})`;
const sql = `
SELECT strftime(declared_on, '%Y-%m') AS period, flow, currency,${dims.map(d => ' ' + dimExpr[d] + ',').join('')}
       SUM(v) AS trade_value, COUNT(*) AS trade_records, SUM(pieces) AS trade_pieces,
       SUM(v) FILTER (WHERE ${cbec}) AS cbec_value, COUNT(*) FILTER (WHERE ${cbec}) AS cbec_records,
       SUM(pieces) FILTER (WHERE ${cbec}) AS cbec_pieces
FROM (SELECT *, CAST(value AS DECIMAL(18,2)) AS v FROM ${source})
GROUP BY ALL ORDER BY ALL`;
const t0 = performance.now();
const reader = await con.runAndReadAll(sql);
const t1 = performance.now();
const rows = reader.getRowObjects();
if (process.argv[3]) {
  const cols = ['period', 'flow', 'currency', ...dims, 'trade_value', 'trade_records', 'trade_pieces', 'cbec_value', 'cbec_records', 'cbec_pieces'];
  const field = v => { const s = String(v); return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s; };
  fs.writeFileSync(process.argv[3], cols.join(',') + '\n' + rows.map(r => cols.map(c => field(r[c])).join(',')).join('\n') + '\n');
}
console.error(`duckdb: ${rows.length} groups, query ${((t1 - t0) / 1000).toFixed(3)} s`);
