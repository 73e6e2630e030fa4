package hdf5

/*
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Compression policy for written datasets: arrays of at least
// compressMinElems elements are stored in chunks of about chunkElems
// elements, byte-shuffled and deflated at level deflateLevel (readable by
// h5py, anndata and any libhdf5 reader).
const (
	compressMinElems = 4096
	chunkElems       = 1 << 18
	deflateLevel     = 4
)

// payload is a Go slice prepared for HDF5: its element type (used both as
// memory and file type) and a pointer to its first element.
type payload struct {
	ftype C.hid_t
	buf   unsafe.Pointer
	n     int
	free  func()
}

// makePayload prepares data, which must be a slice of a Number type,
// []bool or []string. Call free when done.
func makePayload(data any) (payload, error) {
	switch v := data.(type) {
	case []int8:
		return numberPayload(v), nil
	case []int16:
		return numberPayload(v), nil
	case []int32:
		return numberPayload(v), nil
	case []int64:
		return numberPayload(v), nil
	case []uint8:
		return numberPayload(v), nil
	case []uint16:
		return numberPayload(v), nil
	case []uint32:
		return numberPayload(v), nil
	case []uint64:
		return numberPayload(v), nil
	case []float32:
		return numberPayload(v), nil
	case []float64:
		return numberPayload(v), nil
	case []bool:
		return boolPayload(v)
	case []string:
		return stringPayload(v)
	}
	return payload{}, fmt.Errorf("cannot store values of type %T", data)
}

func numberPayload[T Number](v []T) payload {
	p := payload{ftype: C.regula_native_type(nativeCode[T]()), n: len(v), free: func() {}}
	if len(v) > 0 {
		p.buf = unsafe.Pointer(&v[0])
	}
	return p
}

func boolPayload(v []bool) (payload, error) {
	t := C.regula_bool_type()
	if t < 0 {
		return payload{}, fmt.Errorf("create bool type: %s", stackMessage())
	}
	b := make([]int8, len(v))
	for i, x := range v {
		if x {
			b[i] = 1
		}
	}
	p := payload{ftype: t, n: len(v), free: func() { C.H5Tclose(t) }}
	if len(b) > 0 {
		p.buf = unsafe.Pointer(&b[0])
	}
	return p, nil
}

// stringPayload copies the strings into one C block: an array of char*
// followed by the NUL-terminated texts.
func stringPayload(v []string) (payload, error) {
	for i, s := range v {
		for k := 0; k < len(s); k++ {
			if s[k] == 0 {
				return payload{}, fmt.Errorf("string %d (%q) contains a NUL byte", i, s)
			}
		}
	}
	t := C.regula_vlen_string_type()
	if t < 0 {
		return payload{}, fmt.Errorf("create string type: %s", stackMessage())
	}
	ptrSize := int(unsafe.Sizeof(uintptr(0)))
	total := len(v) * ptrSize
	for _, s := range v {
		total += len(s) + 1
	}
	block := C.malloc(C.size_t(max(total, 1)))
	if block == nil {
		C.H5Tclose(t)
		return payload{}, fmt.Errorf("out of memory for %d strings", len(v))
	}
	ptrs := unsafe.Slice((**C.char)(block), len(v))
	text := unsafe.Slice((*byte)(unsafe.Add(block, len(v)*ptrSize)), total-len(v)*ptrSize)
	off := 0
	for i, s := range v {
		ptrs[i] = (*C.char)(unsafe.Pointer(&text[off]))
		copy(text[off:], s)
		text[off+len(s)] = 0
		off += len(s) + 1
	}
	return payload{ftype: t, buf: block, n: len(v), free: func() { C.H5Tclose(t); C.free(block) }}, nil
}

// simpleSpace creates a dataspace with the given dimensions (a scalar
// dataspace when dims is empty).
func simpleSpace(dims []int) C.hid_t {
	if len(dims) == 0 {
		return C.H5Screate(C.H5S_SCALAR)
	}
	hd := make([]C.hsize_t, len(dims))
	for i, d := range dims {
		hd[i] = C.hsize_t(d)
	}
	return C.H5Screate_simple(C.int(len(dims)), &hd[0], nil)
}

// checkDims returns the dimensions to use for n elements: dims itself, or
// [n] when dims is nil. It fails when dims does not hold n elements.
func checkDims(n int, dims []int) ([]int, error) {
	if dims == nil {
		return []int{n}, nil
	}
	total := 1
	for _, d := range dims {
		if d < 0 {
			return nil, fmt.Errorf("negative dimension in %v", dims)
		}
		total *= d
	}
	if total != n {
		return nil, fmt.Errorf("%d values do not fill shape %v", n, dims)
	}
	return dims, nil
}

// creationProps returns dataset-creation properties: chunked, shuffled
// and deflated for large arrays; the default (contiguous) otherwise.
func creationProps(dims []int, compressible bool) C.hid_t {
	n := 1
	for _, d := range dims {
		n *= d
	}
	if !compressible || len(dims) == 0 || n < compressMinElems {
		return C.H5P_DEFAULT
	}
	plist := C.H5Pcreate(C.H5P_CLS_DATASET_CREATE_ID_g)
	if plist < 0 {
		return -1
	}
	chunk := make([]C.hsize_t, len(dims))
	inner := 1
	for i := len(dims) - 1; i >= 1; i-- {
		c := min(dims[i], max(1, chunkElems/inner))
		chunk[i] = C.hsize_t(c)
		inner *= c
	}
	chunk[0] = C.hsize_t(min(dims[0], max(1, chunkElems/inner)))
	if C.H5Pset_chunk(plist, C.int(len(dims)), &chunk[0]) < 0 ||
		C.H5Pset_shuffle(plist) < 0 ||
		C.H5Pset_deflate(plist, deflateLevel) < 0 {
		C.H5Pclose(plist)
		return -1
	}
	return plist
}

// CreateDataset creates the member dataset name holding data (a slice of
// a Number type, []bool or []string) with the given dimensions; with no
// dims it is one-dimensional. Large arrays are chunked and compressed.
// Strings are stored as variable-length UTF-8 and booleans as h5py's
// int8 enum, so h5py reads them back as str and bool. The caller closes
// the returned dataset (after adding attributes, typically).
func (g *Group) CreateDataset(name string, data any, dims ...int) (*Dataset, error) {
	return g.create(name, data, dims, false)
}

// CreateScalar creates the scalar dataset name holding v, which is a
// string, bool, int, int64, float32 or float64.
func (g *Group) CreateScalar(name string, v any) (*Dataset, error) {
	slice, err := scalarSlice(v)
	if err != nil {
		return nil, g.errorf("dataset %s: %v", name, err)
	}
	return g.create(name, slice, []int{}, true)
}

// scalarSlice wraps a scalar in a one-element slice.
func scalarSlice(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case bool:
		return []bool{x}, nil
	case int:
		return []int64{int64(x)}, nil
	case int64:
		return []int64{x}, nil
	case int32:
		return []int32{x}, nil
	case float32:
		return []float32{x}, nil
	case float64:
		return []float64{x}, nil
	}
	return nil, fmt.Errorf("cannot store a scalar of type %T", v)
}

func (g *Group) create(name string, data any, dims []int, scalar bool) (*Dataset, error) {
	where := g.file + ":" + g.child(name)
	p, err := makePayload(data)
	if err != nil {
		return nil, fmt.Errorf("hdf5: %s: %w", where, err)
	}
	defer p.free()
	if !scalar {
		if dims, err = checkDims(p.n, dims); err != nil {
			return nil, fmt.Errorf("hdf5: %s: %w", where, err)
		}
	}
	defer enter()()
	space := simpleSpace(dims)
	if space < 0 {
		return nil, fail("create dataspace for", where)
	}
	defer C.H5Sclose(space)
	props := creationProps(dims, !scalar)
	if props < 0 {
		return nil, fail("set compression for", where)
	}
	if props != C.H5P_DEFAULT {
		defer C.H5Pclose(props)
	}
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	id := C.H5Dcreate2(g.id, cname, p.ftype, space, C.H5P_DEFAULT, props, C.H5P_DEFAULT)
	if id < 0 {
		return nil, fail("create dataset", where)
	}
	if p.n > 0 && C.regula_dwrite(id, p.ftype, p.buf) < 0 {
		err := fail("write dataset", where)
		C.H5Dclose(id)
		return nil, err
	}
	d := &Dataset{object: object{id: id, file: g.file, path: g.child(name)}, shape: append([]int{}, dims...)}
	d.class = classOfPayload(data)
	return d, nil
}

// classOfPayload returns the Class of the values in data.
func classOfPayload(data any) Class {
	switch data.(type) {
	case []int8, []int16, []int32, []int64:
		return ClassInt
	case []uint8, []uint16, []uint32, []uint64:
		return ClassUint
	case []float32, []float64:
		return ClassFloat
	case []bool:
		return ClassBool
	case []string:
		return ClassString
	}
	return ClassOther
}
