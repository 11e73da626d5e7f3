package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/warehouse"
)

// ErrOutputIsInput is the cause of Collides's error: the output would
// replace, or be read as, one of the inputs.
var ErrOutputIsInput = errors.New("the output is also an input")

// Members lists the files a load of path reads: path itself for a file,
// every file listDir finds for a directory (links resolved), nothing for
// "-", "builtin" or a warehouse URL. An input that cannot be listed is an
// error, as Load would report it.
func Members(path string) ([]string, error) {
	if path == "-" || path == "builtin" || warehouse.IsURL(path) {
		return nil, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, data.FileError(path, err)
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	tables, parquet, err := listDir(path)
	if err != nil {
		return nil, err
	}
	return append(tables, parquet...), nil
}

// Collides reports whether output is one of the files inputs name (files,
// directories, "-", "builtin", warehouse URLs, as Load takes them), so that
// a command can refuse it before any work: writing the output would replace
// an input, or a directory load would read the output back.
//
// Files are compared by identity (device and inode, os.SameFile), not by
// name, after resolving links: "./x" and "x", a symbolic link to an input,
// a hard link to one and an output inside a directory input are all caught.
// An output that does not exist yet collides when it would be created
// inside a directory input with a name a directory load reads (a .csv, a
// .json, …): the next load of that directory would read it. An output that
// is not a regular file (/dev/null, a named pipe) is written in place and
// collides with nothing, nor does "-" (standard output).
//
// It returns the input the output is ("" when none) and, when there is
// one, an error naming both that wraps ErrOutputIsInput. Inputs that
// cannot be read are passed over: the load reports them.
func Collides(inputs []string, output string) (string, error) {
	if output == "" || output == "-" {
		return "", nil
	}
	out, err := os.Stat(output)
	exists := err == nil
	if exists && !out.Mode().IsRegular() {
		return "", nil
	}
	for _, in := range inputs {
		members, err := Members(in)
		if err != nil {
			continue
		}
		for _, m := range members {
			if !exists {
				break
			}
			if mi, err := os.Stat(m); err == nil && os.SameFile(mi, out) {
				return m, collision(output, m, in)
			}
		}
		if !exists {
			if inside, err := within(output, in); err == nil && inside && (kindOf(output) != "" || strings.HasSuffix(output, ".parquet")) {
				return in, fmt.Errorf("%s: %w: it would be written inside the input directory %s, whose next load would read it; write it to another directory", data.QuoteName(output), ErrOutputIsInput, data.QuoteName(in))
			}
		}
	}
	return "", nil
}

func collision(output, member, input string) error {
	what := data.QuoteName(member)
	if member != input {
		what += " (in the input directory " + data.QuoteName(input) + ")"
	}
	return fmt.Errorf("%s: %w, %s; writing it would replace that input, so write another file", data.QuoteName(output), ErrOutputIsInput, what)
}

// within reports whether the file output, which does not exist yet, would
// be created inside the directory dir, at any depth, comparing directories
// by identity. The output's directory is resolved to its real path first:
// every directory on that path is a real one, which a walk of dir (which
// does not follow links to directories) descends.
func within(output, dir string) (bool, error) {
	di, err := os.Stat(dir)
	if err != nil || !di.IsDir() {
		return false, err
	}
	real, err := filepath.EvalSymlinks(filepath.Dir(output))
	if err != nil {
		return false, err
	}
	if real, err = filepath.Abs(real); err != nil {
		return false, err
	}
	for p := real; ; p = filepath.Dir(p) {
		if pi, err := os.Stat(p); err == nil && os.SameFile(pi, di) {
			return true, nil
		}
		if filepath.Dir(p) == p {
			return false, nil
		}
	}
}
