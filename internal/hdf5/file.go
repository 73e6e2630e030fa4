package hdf5

/*
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"os"
	"unsafe"
)

// File is an open HDF5 file. It embeds its root group, so members of "/"
// are reached directly from the File.
type File struct {
	Group
	fid C.hid_t
}

// Open opens an existing HDF5 file read-only. It returns a clear error when
// the file is missing, is not HDF5 or is damaged (e.g. truncated).
func Open(name string) (*File, error) {
	if initErr != nil {
		return nil, initErr
	}
	if _, err := os.Stat(name); err != nil {
		return nil, fmt.Errorf("hdf5: %w", err)
	}
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	switch is := C.H5Fis_hdf5(cname); {
	case is == 0:
		return nil, fmt.Errorf("hdf5: %s is not an HDF5 file", name)
	case is < 0:
		return nil, fail("open file", name)
	}
	fid := C.H5Fopen(cname, C.H5F_ACC_RDONLY, C.H5P_DEFAULT)
	if fid < 0 {
		return nil, fail("open file", name)
	}
	return rootOf(fid, name)
}

// Create creates (or truncates) an HDF5 file for writing.
func Create(name string) (*File, error) {
	if initErr != nil {
		return nil, initErr
	}
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	fid := C.H5Fcreate(cname, C.H5F_ACC_TRUNC, C.H5P_DEFAULT, C.H5P_DEFAULT)
	if fid < 0 {
		return nil, fail("create file", name)
	}
	return rootOf(fid, name)
}

// rootOf opens the root group of the file fid. On failure it closes fid.
func rootOf(fid C.hid_t, name string) (*File, error) {
	root := C.CString("/")
	defer C.free(unsafe.Pointer(root))
	gid := C.H5Gopen2(fid, root, C.H5P_DEFAULT)
	if gid < 0 {
		err := fail("open root group of", name)
		C.H5Fclose(fid)
		return nil, err
	}
	return &File{Group: Group{object{id: gid, file: name, path: "/"}}, fid: fid}, nil
}

// Close closes the root group and the file, flushing written data. Every
// group and dataset opened from the file should be closed first.
func (f *File) Close() error {
	if f.fid < 0 {
		return nil
	}
	err := f.Group.Close()
	defer enter()()
	if C.H5Fclose(f.fid) < 0 && err == nil {
		err = fail("close file", f.file)
	}
	f.fid = -1
	return err
}

// OpenObjects returns how many groups, datasets, attributes and named
// types of the file are still open besides its root group: tests use it to
// check that every handle was closed.
func (f *File) OpenObjects() int {
	defer enter()()
	n := C.H5Fget_obj_count(f.fid, C.H5F_OBJ_DATASET|C.H5F_OBJ_GROUP|C.H5F_OBJ_DATATYPE|C.H5F_OBJ_ATTR)
	return int(n) - 1
}

// OpenHandles returns how many HDF5 files and objects are open in the
// whole process: tests use it to check that readers and writers release
// every handle.
func OpenHandles() int {
	defer enter()()
	return int(C.H5Fget_obj_count(C.H5F_OBJ_ALL, C.H5F_OBJ_ALL))
}
