// C helpers for package hdf5: native type ids (which are macros in hdf5.h
// and so invisible to cgo), error-stack capture, member listing and the
// registration of the LZF decompression filter.
#ifndef REGULA_HDF5_HELPERS_H
#define REGULA_HDF5_HELPERS_H

#include <hdf5.h>
#include <stdlib.h>

// Native memory types selectable from Go.
enum regula_native {
	REGULA_INT8, REGULA_INT16, REGULA_INT32, REGULA_INT64,
	REGULA_UINT8, REGULA_UINT16, REGULA_UINT32, REGULA_UINT64,
	REGULA_FLOAT32, REGULA_FLOAT64
};

// regula_init silences HDF5's automatic error printing and registers the
// LZF filter. It returns a negative value on failure.
int regula_init(void);

// regula_lzf_register registers the LZF decoder as filter 32000.
int regula_lzf_register(void);

// regula_quiet turns off automatic error printing for the calling thread
// (HDF5 keeps that setting per thread in thread-safe builds).
void regula_quiet(void);

// regula_native_type returns the predefined native type for code.
hid_t regula_native_type(int code);

// regula_bool_type returns a new enum type {FALSE=0, TRUE=1} over int8, the
// layout h5py uses for numpy bool arrays. Close it with H5Tclose.
hid_t regula_bool_type(void);

// regula_vlen_string_type returns a new variable-length UTF-8 string type.
hid_t regula_vlen_string_type(void);

// regula_error_message returns the current thread's HDF5 error stack as
// one malloc'd line (descriptions joined by "; ") and clears the stack.
char *regula_error_message(void);

// regula_list_members stores the names of the links in group g, sorted by
// name, as one malloc'd block of NUL-terminated names in *names and their
// count in *count. It returns a negative value on failure.
int regula_list_members(hid_t g, char **names, size_t *count);

// regula_object_type returns H5I_GROUP or H5I_DATASET for the object
// named name under loc, or a negative value when it cannot be opened.
int regula_object_type(hid_t loc, const char *name);

// regula_dread reads a whole dataset into buf using memory type mem.
herr_t regula_dread(hid_t ds, hid_t mem, void *buf);

// regula_dwrite writes a whole dataset from buf in memory type mem.
herr_t regula_dwrite(hid_t ds, hid_t mem, const void *buf);

// LZF decoding outcomes reported through regula_lzf_decompress's status.
enum regula_lzf_status { REGULA_LZF_OK, REGULA_LZF_SHORT_OUTPUT, REGULA_LZF_CORRUPT };

// regula_lzf_decompress decodes the LZF stream in[0:in_len] into out and
// returns the number of bytes written. *status tells whether out was too
// small or the input corrupt (the return value is then 0).
size_t regula_lzf_decompress(const unsigned char *in, size_t in_len, unsigned char *out, size_t out_len, int *status);

#endif
