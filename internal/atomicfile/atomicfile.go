// Package atomicfile writes output files atomically: data goes to a
// temporary file in the destination directory, which is renamed over the
// destination only when writing succeeded. A failed or interrupted run never
// leaves a half-written output behind.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write creates path atomically: fill is called with a writer on a temporary
// file; if it returns nil, the file is synced and renamed to path, otherwise
// the temporary file is removed and fill's error returned.
func Write(path string, fill func(w io.Writer) error) error {
	return WriteFile(path, func(tmp string) error {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if err := fill(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

// WriteFile is Write for producers that need a file name rather than a
// writer (e.g. libhdf5): produce is given the path of an empty temporary file
// in path's directory, which it may truncate and fill. On success the file is
// renamed to path; on error it is removed.
func WriteFile(path string, produce func(tmpPath string) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create output %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	if err := produce(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
