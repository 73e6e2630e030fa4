package hdf5

/*
#include "helpers.h"
*/
import "C"

import (
	"errors"
	"unsafe"
)

// lzfDecompress decodes an LZF stream whose decoded size is at most
// maxOut bytes. The HDF5 filter calls the same C decoder; this wrapper
// lets tests exercise it directly.
func lzfDecompress(in []byte, maxOut int) ([]byte, error) {
	out := make([]byte, maxOut)
	if len(in) == 0 {
		return out[:0], nil
	}
	cin := C.CBytes(in)
	defer C.free(cin)
	cout := C.malloc(C.size_t(max(maxOut, 1)))
	defer C.free(cout)
	var status C.int
	n := C.regula_lzf_decompress((*C.uchar)(cin), C.size_t(len(in)), (*C.uchar)(cout), C.size_t(maxOut), &status)
	switch status {
	case C.REGULA_LZF_SHORT_OUTPUT:
		return nil, errors.New("lzf: output buffer too small")
	case C.REGULA_LZF_CORRUPT:
		return nil, errors.New("lzf: corrupt input")
	}
	copy(out, unsafe.Slice((*byte)(cout), int(n)))
	return out[:int(n)], nil
}
