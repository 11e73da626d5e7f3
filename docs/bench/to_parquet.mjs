// Converts the generated declarations CSV to Parquet with DuckDB, typed as a
// warehouse export would be: DATE, DECIMAL(18,2) value, BIGINT pieces, text
// for the rest, row groups of 122,880 rows (DuckDB's default).
// Usage: node to_parquet.mjs IN.csv OUT.parquet ['COPY options']
// e.g. 'COMPRESSION zstd, ROW_GROUP_SIZE 1000000' for issue 15's layout.
import { DuckDBInstance } from '@duckdb/node-api';

const [src, dst, opts] = process.argv.slice(2);
const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
await con.run(`COPY (SELECT declaration_id, declared_on, flow, trade_mode, hs_code, partner, province, currency,
       CAST(value AS DECIMAL(18,2)) AS value, pieces
FROM read_csv('${src}', header=true,
      columns={'declaration_id':'VARCHAR','declared_on':'DATE','flow':'VARCHAR','trade_mode':'VARCHAR','hs_code':'VARCHAR',
               'partner':'VARCHAR','province':'VARCHAR','currency':'VARCHAR','value':'VARCHAR','pieces':'BIGINT'}))
TO '${dst}' (FORMAT parquet${opts ? ', ' + opts : ''})`);
