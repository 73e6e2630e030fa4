// Package hdf5 is a small cgo binding to libhdf5 covering what regula's
// h5ad and 10x Genomics readers and writers need: files, groups, member
// listing, whole-dataset reads and writes of numeric, boolean and string
// arrays (optionally chunked and gzip-compressed), and attributes. Reading
// h5py's LZF-compressed datasets (filter 32000) is supported by a built-in
// decoder registered at start-up.
//
// Every call works on a whole dataset or attribute, so the cgo overhead is
// paid once per array rather than per element. HDF5's automatic error
// printing is silenced; failures come back as Go errors that carry the
// object path and HDF5's own error descriptions.
package hdf5

/*
#cgo pkg-config: hdf5
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

var initErr error

func init() {
	if C.regula_init() < 0 {
		initErr = fmt.Errorf("hdf5: library initialisation failed: %s", stackMessage())
	}
}

// enter pins the calling goroutine to its OS thread for the duration of an
// operation (HDF5 keeps error stacks per thread) and silences automatic
// error printing on that thread. Call the returned function when done.
func enter() func() {
	runtime.LockOSThread()
	C.regula_quiet()
	return runtime.UnlockOSThread
}

// stackMessage returns and clears the calling thread's HDF5 error stack.
func stackMessage() string {
	msg := C.regula_error_message()
	if msg == nil {
		return ""
	}
	defer C.free(unsafe.Pointer(msg))
	return C.GoString(msg)
}

// Error is a failed HDF5 operation on one object.
type Error struct {
	// Op is what was attempted, e.g. "open dataset".
	Op string
	// Path is the file name and object path, e.g. "a.h5ad:/obs/_index".
	Path string
	// Detail is HDF5's error stack, outermost first.
	Detail string
}

// Error implements error.
func (e *Error) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("hdf5: %s %s failed", e.Op, e.Path)
	}
	return fmt.Sprintf("hdf5: %s %s: %s", e.Op, e.Path, e.Detail)
}

// fail builds an Error from the current thread's HDF5 error stack.
func fail(op, path string) error {
	return &Error{Op: op, Path: path, Detail: stackMessage()}
}
