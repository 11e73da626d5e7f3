package main

// default.pgo, beside this file, is a CPU profile of `ceb data aggregate`'s
// benchmark. `go build` and `go run` use it for profile-guided
// optimisation: the field readers of the declaration parser are inlined
// into its loop, about a tenth faster (docs/benchmarks.md). Regenerate it
// after changing the parser:
//
//go:generate sh -c "go test ../../data/decl -run '^$' -bench '^BenchmarkAggregate$' -benchtime 60x -cpuprofile default.pgo -o ${TMPDIR:-/tmp}/ceb-pgo.test"
