package hdf5

/*
#include "helpers.h"
*/
import "C"

import (
	"bytes"
	"encoding/binary"
	"unsafe"
)

// Class is the kind of values a dataset or attribute holds.
type Class int

// Value classes.
const (
	// ClassOther is a type this package cannot read (bitfield, opaque, …).
	ClassOther Class = iota
	// ClassInt is a signed integer.
	ClassInt
	// ClassUint is an unsigned integer.
	ClassUint
	// ClassFloat is a floating-point number.
	ClassFloat
	// ClassBool is h5py's boolean: an int8 enum {FALSE=0, TRUE=1}.
	ClassBool
	// ClassEnum is any other enum; it reads as its integer values.
	ClassEnum
	// ClassString is a fixed- or variable-length string.
	ClassString
	// ClassCompound is a compound (record) type, e.g. a numpy recarray.
	ClassCompound
	// ClassReference is an object or region reference.
	ClassReference
)

var classNames = [...]string{"unsupported type", "integer", "unsigned integer", "float", "bool", "enum", "string", "compound", "reference"}

// String names the class.
func (c Class) String() string { return classNames[c] }

// Number is the set of element types numeric reads and writes support.
type Number interface {
	~int8 | ~int16 | ~int32 | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~float32 | ~float64
}

// nativeCode returns the regula_native code of T.
func nativeCode[T Number]() C.int {
	var z T
	switch any(z).(type) {
	case int8:
		return C.REGULA_INT8
	case int16:
		return C.REGULA_INT16
	case int32:
		return C.REGULA_INT32
	case int64:
		return C.REGULA_INT64
	case uint8:
		return C.REGULA_UINT8
	case uint16:
		return C.REGULA_UINT16
	case uint32:
		return C.REGULA_UINT32
	case uint64:
		return C.REGULA_UINT64
	case float32:
		return C.REGULA_FLOAT32
	}
	return C.REGULA_FLOAT64
}

// classOf classifies the HDF5 type t.
func classOf(t C.hid_t) Class {
	switch C.H5Tget_class(t) {
	case C.H5T_INTEGER:
		if C.H5Tget_sign(t) == C.H5T_SGN_NONE {
			return ClassUint
		}
		return ClassInt
	case C.H5T_FLOAT:
		return ClassFloat
	case C.H5T_STRING:
		return ClassString
	case C.H5T_COMPOUND:
		return ClassCompound
	case C.H5T_REFERENCE:
		return ClassReference
	case C.H5T_ENUM:
		if isBoolEnum(t) {
			return ClassBool
		}
		return ClassEnum
	}
	return ClassOther
}

// isBoolEnum reports whether t is h5py's bool enum {FALSE, TRUE}.
func isBoolEnum(t C.hid_t) bool {
	if C.H5Tget_nmembers(t) != 2 || C.H5Tget_size(t) != 1 {
		return false
	}
	for i, want := range []string{"FALSE", "TRUE"} {
		name := C.H5Tget_member_name(t, C.uint(i))
		if name == nil {
			return false
		}
		got := C.GoString(name)
		C.H5free_memory(unsafe.Pointer(name))
		if got != want {
			return false
		}
	}
	return true
}

// source is a readable array: a dataset or an attribute, with its file
// type and dataspace (both owned by the caller of readX).
type source struct {
	obj   *object
	what  string // "dataset" or "attribute NAME of"
	ftype C.hid_t
	space C.hid_t
	class Class
	n     int
	read  func(mem C.hid_t, buf unsafe.Pointer) C.herr_t
}

func (s *source) fail() error { return fail("read "+s.what, s.obj.where()) }

func (s *source) errorf(format string, args ...any) error {
	return s.obj.errorf("%s: "+format, append([]any{s.what}, args...)...)
}

// readNumbers reads every element converted to T. Integer and float
// sources convert through HDF5; enums (bool included) read as integers.
func readNumbers[T Number](s *source) ([]T, error) {
	out := make([]T, s.n)
	switch s.class {
	case ClassInt, ClassUint, ClassFloat:
		if s.n == 0 {
			return out, nil
		}
		if s.read(C.regula_native_type(nativeCode[T]()), unsafe.Pointer(&out[0])) < 0 {
			return nil, s.fail()
		}
		return out, nil
	case ClassBool, ClassEnum:
		ints, err := readEnumValues(s)
		if err != nil {
			return nil, err
		}
		for i, v := range ints {
			out[i] = T(v)
		}
		return out, nil
	}
	return nil, s.errorf("holds %s values, not numbers", s.class)
}

// readEnumValues reads an enum source as the integers behind its members.
func readEnumValues(s *source) ([]int64, error) {
	mem := C.H5Tget_native_type(s.ftype, C.H5T_DIR_ASCEND)
	if mem < 0 {
		return nil, s.fail()
	}
	defer C.H5Tclose(mem)
	size := int(C.H5Tget_size(mem))
	out := make([]int64, s.n)
	if s.n == 0 {
		return out, nil
	}
	raw := make([]byte, s.n*size)
	if s.read(mem, unsafe.Pointer(&raw[0])) < 0 {
		return nil, s.fail()
	}
	for i := range out {
		b := raw[i*size : (i+1)*size]
		switch size {
		case 1:
			out[i] = int64(int8(b[0]))
		case 2:
			out[i] = int64(int16(binary.NativeEndian.Uint16(b)))
		case 4:
			out[i] = int64(int32(binary.NativeEndian.Uint32(b)))
		case 8:
			out[i] = int64(binary.NativeEndian.Uint64(b))
		default:
			return nil, s.errorf("enum of %d-byte integers is not supported", size)
		}
	}
	return out, nil
}

// readBools reads booleans: h5py bool enums, other enums and integers
// (non-zero is true).
func readBools(s *source) ([]bool, error) {
	if s.class == ClassFloat {
		return nil, s.errorf("holds floats, not booleans")
	}
	ints, err := readNumbers[int64](s)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(ints))
	for i, v := range ints {
		out[i] = v != 0
	}
	return out, nil
}

// readStrings reads fixed- or variable-length strings. Fixed-length values
// lose their NUL or space padding.
func readStrings(s *source) ([]string, error) {
	if s.class != ClassString {
		return nil, s.errorf("holds %s values, not strings", s.class)
	}
	out := make([]string, s.n)
	if s.n == 0 {
		return out, nil
	}
	if C.H5Tis_variable_str(s.ftype) > 0 {
		mem := C.regula_vlen_string_type()
		if mem < 0 {
			return nil, s.fail()
		}
		defer C.H5Tclose(mem)
		C.H5Tset_cset(mem, C.H5Tget_cset(s.ftype))
		ptrs := (**C.char)(C.calloc(C.size_t(s.n), C.size_t(unsafe.Sizeof(uintptr(0)))))
		if ptrs == nil {
			return nil, s.errorf("out of memory for %d strings", s.n)
		}
		defer C.free(unsafe.Pointer(ptrs))
		if s.read(mem, unsafe.Pointer(ptrs)) < 0 {
			return nil, s.fail()
		}
		for i, p := range unsafe.Slice(ptrs, s.n) {
			if p != nil {
				out[i] = C.GoString(p)
			}
		}
		C.H5Dvlen_reclaim(mem, s.space, C.H5P_DEFAULT, unsafe.Pointer(ptrs))
		return out, nil
	}
	size := int(C.H5Tget_size(s.ftype))
	mem := C.H5Tcopy(s.ftype)
	if mem < 0 {
		return nil, s.fail()
	}
	defer C.H5Tclose(mem)
	raw := make([]byte, s.n*size)
	if size > 0 && s.read(mem, unsafe.Pointer(&raw[0])) < 0 {
		return nil, s.fail()
	}
	spacePadded := C.H5Tget_strpad(s.ftype) == C.H5T_STR_SPACEPAD
	for i := range out {
		b := raw[i*size : (i+1)*size]
		if k := bytes.IndexByte(b, 0); k >= 0 {
			b = b[:k]
		}
		if spacePadded {
			b = bytes.TrimRight(b, " ")
		}
		out[i] = string(b)
	}
	return out, nil
}
