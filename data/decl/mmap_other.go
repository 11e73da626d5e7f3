//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package decl

import (
	"errors"
	"os"
)

// mapFile is not available here: files are read as streams.
func mapFile(*os.File, int64) ([]byte, func(), error) {
	return nil, nil, errors.New("no memory mapping on this system")
}

func dropPages([]byte, int, int) {}
