// Package warehouse aggregates record-level declarations where they are
// stored: in PostgreSQL and the engines that speak its protocol (Citus,
// Greenplum, openGauss, AnalyticDB for PostgreSQL, Redshift), through pgx,
// and in ClickHouse, through clickhouse-go's native protocol. It sends one
// GROUP BY to the engine — month × flow × currency × class (CBEC by
// supervision mode) × the dimensions asked for, with exact sums — fetches
// only the groups, and builds from them the same decl.Result a file with
// the same records gives. Bad records are counted by the same query.
//
// Identifiers are quoted (pgx.Identifier for PostgreSQL, backquotes for
// ClickHouse) after names other than letters, digits and _ are refused;
// values are query parameters. Passwords never appear in errors or in
// Source.String.
package warehouse
