package hdf5

/*
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// object is an open HDF5 group or dataset with its location, which error
// messages name.
type object struct {
	id   C.hid_t
	file string
	path string
}

// Path returns the object's path inside its file, e.g. "/obs/_index".
func (o *object) Path() string { return o.path }

// where names the object for error messages: "file.h5ad:/obs/_index".
func (o *object) where() string { return o.file + ":" + o.path }

// child returns the path of member name.
func (o *object) child(name string) string {
	if o.path == "/" {
		return "/" + name
	}
	return o.path + "/" + name
}

// Kind tells groups from datasets.
type Kind int

// Kinds of HDF5 objects.
const (
	// KindOther is any object that is neither a group nor a dataset.
	KindOther Kind = iota
	// KindGroup is a group.
	KindGroup
	// KindDataset is a dataset.
	KindDataset
)

// Group is an open HDF5 group.
type Group struct{ object }

// Close releases the group's handle.
func (g *Group) Close() error {
	if g.id < 0 {
		return nil
	}
	defer enter()()
	status := C.H5Gclose(g.id)
	g.id = -1
	if status < 0 {
		return fail("close group", g.where())
	}
	return nil
}

// OpenGroup opens the member group name (a name or a relative path).
func (g *Group) OpenGroup(name string) (*Group, error) {
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	id := C.H5Gopen2(g.id, cname, C.H5P_DEFAULT)
	if id < 0 {
		return nil, fail("open group", g.where()+"/"+name)
	}
	return &Group{object{id: id, file: g.file, path: g.child(name)}}, nil
}

// CreateGroup creates the member group name.
func (g *Group) CreateGroup(name string) (*Group, error) {
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	id := C.H5Gcreate2(g.id, cname, C.H5P_DEFAULT, C.H5P_DEFAULT, C.H5P_DEFAULT)
	if id < 0 {
		return nil, fail("create group", g.file+":"+g.child(name))
	}
	return &Group{object{id: id, file: g.file, path: g.child(name)}}, nil
}

// Members returns the names of the group's members, sorted by name (the
// order h5py lists them in).
func (g *Group) Members() ([]string, error) {
	defer enter()()
	var block *C.char
	var count C.size_t
	if C.regula_list_members(g.id, &block, &count) < 0 {
		return nil, fail("list members of", g.where())
	}
	if block == nil {
		return nil, nil
	}
	defer C.free(unsafe.Pointer(block))
	names := make([]string, 0, int(count))
	p := unsafe.Pointer(block)
	for range int(count) {
		s := C.GoString((*C.char)(p))
		names = append(names, s)
		p = unsafe.Add(p, len(s)+1)
	}
	return names, nil
}

// Has reports whether the member name (a name or a relative path such as
// "a/b") exists and can be opened.
func (g *Group) Has(name string) bool {
	defer enter()()
	prefix := ""
	for _, part := range strings.Split(name, "/") {
		if part == "" {
			continue
		}
		prefix += part
		cname := C.CString(prefix)
		ok := C.H5Lexists(g.id, cname, C.H5P_DEFAULT) > 0 && C.H5Oexists_by_name(g.id, cname, C.H5P_DEFAULT) > 0
		C.free(unsafe.Pointer(cname))
		if !ok {
			C.H5Eclear2(C.H5E_DEFAULT)
			return false
		}
		prefix += "/"
	}
	return prefix != ""
}

// Kind returns whether member name is a group or a dataset.
func (g *Group) Kind(name string) (Kind, error) {
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	switch t := C.regula_object_type(g.id, cname); {
	case t < 0:
		return KindOther, fail("open object", g.file+":"+g.child(name))
	case t == C.H5I_GROUP:
		return KindGroup, nil
	case t == C.H5I_DATASET:
		return KindDataset, nil
	}
	return KindOther, nil
}

// OpenDataset opens the member dataset name (a name or a relative path).
func (g *Group) OpenDataset(name string) (*Dataset, error) {
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	id := C.H5Dopen2(g.id, cname, C.H5P_DEFAULT)
	if id < 0 {
		return nil, fail("open dataset", g.file+":"+g.child(name))
	}
	d := &Dataset{object: object{id: id, file: g.file, path: g.child(name)}}
	if err := d.describe(); err != nil {
		C.H5Dclose(id)
		return nil, err
	}
	return d, nil
}

// String returns "file:path".
func (g *Group) String() string { return g.where() }

// errorf formats an error about the object, naming its file and path.
func (o *object) errorf(format string, args ...any) error {
	return fmt.Errorf("hdf5: %s: %s", o.where(), fmt.Sprintf(format, args...))
}
