// Package atomicfile writes output files so that a failed or interrupted run
// never leaves a half-written file and never clobbers the previous one: the
// content goes to a temporary file in the same directory, which is synced
// and renamed over the target only when everything succeeded.
package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// pending are the temporary files not yet committed or aborted, so that a
// signal handler can remove them (RemoveAll) before the process exits.
// A temporary file is created and entered in pending under mu, so RemoveAll
// never sees a file on disk that it does not know about; after RemoveAll,
// closed refuses new ones.
var (
	mu      sync.Mutex
	pending = map[string]bool{}
	closed  bool

	// afterCreate, when set by a test, runs between the creation of a
	// temporary file and its entry in pending.
	afterCreate func()
)

// errInterrupted is what Create returns once RemoveAll has run: the run
// was interrupted, so it is context.Canceled to errors.Is (the command
// exits 130, as for any interrupted run, not 1).
var errInterrupted error = interrupted{}

type interrupted struct{}

func (interrupted) Error() string { return "interrupted" }
func (interrupted) Unwrap() error { return context.Canceled }

func untrack(name string) {
	mu.Lock()
	defer mu.Unlock()
	delete(pending, name)
}

// RemoveAll removes every temporary file still pending, and makes later
// calls to Create fail, so that nothing is left behind between it and the
// process's exit. It is for the process's interrupt handler; targets are
// never touched.
func RemoveAll() {
	mu.Lock()
	defer mu.Unlock()
	closed = true
	for name := range pending {
		os.Remove(name)
		delete(pending, name)
	}
}

// createTemp creates a temporary file beside path and enters it in pending,
// both under mu. Its permissions are perm less the process's umask, as for
// any file the process creates.
func createTemp(dir, pattern string, perm fs.FileMode) (*os.File, error) {
	mu.Lock()
	defer mu.Unlock()
	if closed {
		return nil, errInterrupted
	}
	prefix, suffix, _ := strings.Cut(pattern, "*")
	var tmp *os.File
	var err error
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10)+suffix)
		tmp, err = os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	if afterCreate != nil {
		afterCreate()
	}
	pending[tmp.Name()] = true
	return tmp, nil
}

// File is an output being written. Create it before doing the work, so that
// a missing or read-only directory is reported before any time is spent.
type File struct {
	path string
	tmp  *os.File
	// direct is set when the target is not a regular file (/dev/null, a
	// named pipe, /dev/stdout): it is written in place, since renaming a
	// file over it would replace the device or pipe itself (run as root,
	// `-o /dev/null` once left a regular file at /dev/null).
	direct bool
	// mode, when the target exists, is its permissions, given to the new
	// content at Commit; zero for a new target, which keeps the
	// permissions the umask gave the temporary file.
	mode fs.FileMode
}

// ErrReadOnly is the cause of Create's error for a target that exists and
// is read-only: it is refused rather than replaced.
var ErrReadOnly = errors.New("read-only")

// Create opens a temporary file beside path. It checks the target now,
// before any work: a directory, a read-only file (no write permission for
// anyone, or none for this process) and a missing or unwritable directory
// are errors naming the path and saying what to do. The written file keeps
// an existing target's permissions (a 0600 file stays 0600); a new one gets
// 0666 less the umask, as any file the process creates.
func Create(path string) (*File, error) {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s: the output directory %s does not exist; create it first", path, dir)
	case err != nil:
		return nil, fmt.Errorf("%s: %v", path, err)
	case !info.IsDir():
		return nil, fmt.Errorf("%s: %s is not a directory", path, dir)
	}
	var mode fs.FileMode
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("%s is a directory; name a file", path)
	case err == nil && !fi.Mode().IsRegular():
		out, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		return &File{path: path, tmp: out, direct: true}, nil
	case err == nil:
		// A file nobody may write is protected on purpose, even from root,
		// who could rename over it; one this process may not write (owned
		// by another user) is refused too, by opening it for writing
		// without truncating it.
		readOnly := fi.Mode().Perm()&0o222 == 0
		if !readOnly {
			if w, err := os.OpenFile(path, os.O_WRONLY, 0); err != nil {
				readOnly = errors.Is(err, fs.ErrPermission)
			} else {
				w.Close()
			}
		}
		if readOnly {
			return nil, fmt.Errorf("%s: the file is %w (mode %v); make it writable (chmod u+w) or write another file", path, ErrReadOnly, fi.Mode().Perm())
		}
		mode = fi.Mode().Perm()
	}
	// The content is private while written; Commit gives it the target's
	// permissions. A new target's temporary file gets the umask's.
	perm := fs.FileMode(0o666)
	if mode != 0 {
		perm = 0o600
	}
	tmp, err := createTemp(dir, "."+filepath.Base(path)+".*.tmp", perm)
	if err != nil {
		if errors.Is(err, errInterrupted) {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("%s: cannot write in %s (permission denied); write the file to another directory", path, dir)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return &File{path: path, tmp: tmp, mode: mode}, nil
}

// Writer is where the content goes.
func (f *File) Writer() io.Writer { return f.tmp }

// Commit syncs the temporary file and renames it over the target, unless
// ctx was cancelled (an interrupt), in which case it aborts.
func (f *File) Commit(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		f.Abort()
		return err
	}
	if f.direct {
		if err := f.tmp.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
			return fmt.Errorf("%s: %v", f.path, err)
		}
		return nil
	}
	if f.mode != 0 {
		if err := f.tmp.Chmod(f.mode); err != nil {
			f.Abort()
			return fmt.Errorf("%s: %v", f.path, err)
		}
	}
	if err := f.tmp.Sync(); err != nil {
		f.Abort()
		return fmt.Errorf("%s: %v", f.path, err)
	}
	if err := f.tmp.Close(); err != nil {
		os.Remove(f.tmp.Name())
		untrack(f.tmp.Name())
		return fmt.Errorf("%s: %v", f.path, err)
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		os.Remove(f.tmp.Name())
		untrack(f.tmp.Name())
		return fmt.Errorf("%s: %v", f.path, err)
	}
	untrack(f.tmp.Name())
	return nil
}

// Abort removes the temporary file; the target is untouched (but for a
// device or pipe, which has what was written). It is safe to call after
// Commit.
func (f *File) Abort() {
	f.tmp.Close()
	if f.direct {
		return // what was written to a device or pipe cannot be taken back
	}
	mu.Lock()
	defer mu.Unlock()
	if pending[f.tmp.Name()] {
		os.Remove(f.tmp.Name())
		delete(pending, f.tmp.Name())
	}
}

// Write creates path atomically with the content write produces.
func Write(ctx context.Context, path string, write func(io.Writer) error) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if err := write(f.Writer()); err != nil {
		f.Abort()
		return err
	}
	return f.Commit(ctx)
}
