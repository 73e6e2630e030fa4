package hdf5

/*
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// HasAttr reports whether the object has the attribute name.
func (o *object) HasAttr(name string) bool {
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	ok := C.H5Aexists(o.id, cname) > 0
	C.H5Eclear2(C.H5E_DEFAULT)
	return ok
}

// withAttr opens attribute name and runs f with a source reading it.
func (o *object) withAttr(name string, f func(s *source) error) error {
	defer enter()()
	what := fmt.Sprintf("attribute %q of", name)
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	aid := C.H5Aopen(o.id, cname, C.H5P_DEFAULT)
	if aid < 0 {
		return fail("open "+what, o.where())
	}
	defer C.H5Aclose(aid)
	ftype := C.H5Aget_type(aid)
	if ftype < 0 {
		return fail("get type of "+what, o.where())
	}
	defer C.H5Tclose(ftype)
	space := C.H5Aget_space(aid)
	if space < 0 {
		return fail("get dataspace of "+what, o.where())
	}
	defer C.H5Sclose(space)
	shape, err := shapeOf(space, o.where())
	if err != nil {
		return err
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	return f(&source{obj: o, what: what, ftype: ftype, space: space, class: classOf(ftype), n: n,
		read: func(mem C.hid_t, buf unsafe.Pointer) C.herr_t { return C.H5Aread(aid, mem, buf) }})
}

// Attr reads attribute name. A scalar attribute yields a string, bool,
// int64 or float64; an array attribute a []string, []bool, []int64 or
// []float64 (unsigned integers read as int64). Other types (references,
// compounds) are an error.
func (o *object) Attr(name string) (any, error) {
	var out any
	err := o.withAttr(name, func(s *source) error {
		scalar := C.H5Sget_simple_extent_type(s.space) == C.H5S_SCALAR
		var err error
		switch s.class {
		case ClassString:
			var v []string
			if v, err = readStrings(s); err == nil {
				out = pick(v, scalar)
			}
		case ClassBool:
			var v []bool
			if v, err = readBools(s); err == nil {
				out = pick(v, scalar)
			}
		case ClassInt, ClassUint, ClassEnum:
			var v []int64
			if v, err = readNumbers[int64](s); err == nil {
				out = pick(v, scalar)
			}
		case ClassFloat:
			var v []float64
			if v, err = readNumbers[float64](s); err == nil {
				out = pick(v, scalar)
			}
		default:
			err = s.errorf("holds %s values, which are not supported", s.class)
		}
		return err
	})
	return out, err
}

// pick returns v[0] for a scalar, else v.
func pick[T any](v []T, scalar bool) any {
	if scalar && len(v) == 1 {
		return v[0]
	}
	return v
}

// AttrString reads a string attribute (a one-element string array is
// accepted too).
func (o *object) AttrString(name string) (string, error) {
	var out string
	err := o.withAttr(name, func(s *source) error {
		v, err := readStrings(s)
		if err != nil {
			return err
		}
		if len(v) != 1 {
			return s.errorf("holds %d strings, want one", len(v))
		}
		out = v[0]
		return nil
	})
	return out, err
}

// AttrStrings reads a string-array attribute (a scalar string reads as
// one element). An empty numeric array, which anndata writes for an empty
// column list, reads as no strings.
func (o *object) AttrStrings(name string) ([]string, error) {
	var out []string
	err := o.withAttr(name, func(s *source) (err error) {
		if s.n == 0 {
			out = []string{}
			return nil
		}
		out, err = readStrings(s)
		return err
	})
	return out, err
}

// AttrInts reads an integer attribute (scalar or array) as int64s.
func (o *object) AttrInts(name string) ([]int64, error) {
	var out []int64
	err := o.withAttr(name, func(s *source) (err error) {
		if s.class == ClassFloat {
			return s.errorf("holds floats, want integers")
		}
		out, err = readNumbers[int64](s)
		return err
	})
	return out, err
}

// SetAttr creates or replaces attribute name. v is a string, bool, int,
// int64 or float64 (stored as a scalar) or a []string, []bool, []int64,
// []int32 or []float64 (stored as a one-dimensional array). Strings are
// variable-length UTF-8, as h5py writes them.
func (o *object) SetAttr(name string, v any) error {
	data, scalar := v, false
	if s, err := scalarSlice(v); err == nil {
		data, scalar = s, true
	}
	p, err := makePayload(data)
	if err != nil {
		return o.errorf("attribute %q: %v", name, err)
	}
	defer p.free()
	dims := []int{p.n}
	if scalar {
		dims = []int{}
	}
	defer enter()()
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	what := fmt.Sprintf("attribute %q of", name)
	if C.H5Aexists(o.id, cname) > 0 && C.H5Adelete(o.id, cname) < 0 {
		return fail("replace "+what, o.where())
	}
	space := simpleSpace(dims)
	if space < 0 {
		return fail("create dataspace for "+what, o.where())
	}
	defer C.H5Sclose(space)
	aid := C.H5Acreate2(o.id, cname, p.ftype, space, C.H5P_DEFAULT, C.H5P_DEFAULT)
	if aid < 0 {
		return fail("create "+what, o.where())
	}
	defer C.H5Aclose(aid)
	if p.n > 0 && C.H5Awrite(aid, p.ftype, p.buf) < 0 {
		return fail("write "+what, o.where())
	}
	return nil
}
