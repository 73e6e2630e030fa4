package hdf5

/*
#include "helpers.h"
*/
import "C"

import "unsafe"

// Dataset is an open HDF5 dataset.
type Dataset struct {
	object
	shape []int
	class Class
}

// describe fills the dataset's shape and class.
func (d *Dataset) describe() error {
	ftype := C.H5Dget_type(d.id)
	if ftype < 0 {
		return fail("get type of", d.where())
	}
	defer C.H5Tclose(ftype)
	space := C.H5Dget_space(d.id)
	if space < 0 {
		return fail("get dataspace of", d.where())
	}
	defer C.H5Sclose(space)
	d.class = classOf(ftype)
	shape, err := shapeOf(space, d.where())
	d.shape = shape
	return err
}

// shapeOf returns the dimensions of a dataspace ([] for a scalar).
func shapeOf(space C.hid_t, where string) ([]int, error) {
	if C.H5Sget_simple_extent_type(space) == C.H5S_NULL {
		return []int{0}, nil
	}
	rank := C.H5Sget_simple_extent_ndims(space)
	if rank < 0 {
		return nil, fail("get rank of", where)
	}
	dims := make([]C.hsize_t, int(rank)+1)
	if C.H5Sget_simple_extent_dims(space, &dims[0], nil) < 0 {
		return nil, fail("get dimensions of", where)
	}
	shape := make([]int, int(rank))
	for i := range shape {
		shape[i] = int(dims[i])
	}
	return shape, nil
}

// Shape returns the dataset's dimensions; a scalar dataset has none.
func (d *Dataset) Shape() []int { return append([]int(nil), d.shape...) }

// Len returns the number of elements (1 for a scalar).
func (d *Dataset) Len() int {
	n := 1
	for _, s := range d.shape {
		n *= s
	}
	return n
}

// Class returns the kind of values the dataset holds.
func (d *Dataset) Class() Class { return d.class }

// Close releases the dataset's handle.
func (d *Dataset) Close() error {
	if d.id < 0 {
		return nil
	}
	defer enter()()
	status := C.H5Dclose(d.id)
	d.id = -1
	if status < 0 {
		return fail("close dataset", d.where())
	}
	return nil
}

// withSource runs f with a source reading the whole dataset.
func (d *Dataset) withSource(f func(s *source) error) error {
	defer enter()()
	ftype := C.H5Dget_type(d.id)
	if ftype < 0 {
		return fail("get type of", d.where())
	}
	defer C.H5Tclose(ftype)
	space := C.H5Dget_space(d.id)
	if space < 0 {
		return fail("get dataspace of", d.where())
	}
	defer C.H5Sclose(space)
	n := d.Len()
	if C.H5Sget_simple_extent_type(space) == C.H5S_NULL {
		n = 0
	}
	return f(&source{obj: &d.object, what: "dataset", ftype: ftype, space: space, class: d.class, n: n,
		read: func(mem C.hid_t, buf unsafe.Pointer) C.herr_t { return C.regula_dread(d.id, mem, buf) }})
}

// Read returns every element of a numeric, bool or enum dataset
// converted to T, in row-major order.
func Read[T Number](d *Dataset) ([]T, error) {
	var out []T
	err := d.withSource(func(s *source) (err error) {
		out, err = readNumbers[T](s)
		return err
	})
	return out, err
}

// ReadBools returns every element of a bool, enum or integer dataset as a
// boolean (non-zero is true).
func (d *Dataset) ReadBools() ([]bool, error) {
	var out []bool
	err := d.withSource(func(s *source) (err error) {
		out, err = readBools(s)
		return err
	})
	return out, err
}

// ReadStrings returns every element of a string dataset.
func (d *Dataset) ReadStrings() ([]string, error) {
	var out []string
	err := d.withSource(func(s *source) (err error) {
		out, err = readStrings(s)
		return err
	})
	return out, err
}
