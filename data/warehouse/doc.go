// Package warehouse aggregates record-level declarations where they are
// stored: in PostgreSQL and the engines that speak its protocol (Citus,
// Greenplum, openGauss, AnalyticDB for PostgreSQL, Redshift), through pgx,
// in ClickHouse, through clickhouse-go's native protocol, and in the engines
// that speak MySQL's (MySQL, MariaDB, TiDB, Apache Doris, StarRocks,
// OceanBase), through go-sql-driver/mysql. It sends one GROUP BY to the
// engine — month × flow × currency × supervision mode × the dimensions
// asked for, with exact sums — fetches only the groups, checks each
// group's keys and classes each mode (CBEC or not) once, and builds from
// them the same decl.Result a file with the same records gives. Bad records
// are counted by the same query.
//
// Identifiers are quoted (pgx.Identifier for PostgreSQL, backquotes for
// ClickHouse and MySQL) after names other than letters, digits and _ are refused;
// values are query parameters. Passwords never appear in errors or in
// Source.String.
package warehouse
