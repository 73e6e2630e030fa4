// LZF decompression (the format of Marc Lehmann's liblzf, used by h5py's
// filter 32000) and its registration as an HDF5 filter, so that datasets
// written by h5py with compression="lzf" can be read. Only decoding is
// provided: regula writes gzip.
#include "helpers.h"

#include <string.h>

#define REGULA_LZF_FILTER_ID 32000

size_t regula_lzf_decompress(const unsigned char *in, size_t in_len, unsigned char *out, size_t out_len, int *status) {
	const unsigned char *ip = in, *in_end = in + in_len;
	unsigned char *op = out, *out_end = out + out_len;
	*status = REGULA_LZF_OK;
	while (ip < in_end) {
		unsigned int ctrl = *ip++;
		if (ctrl < (1 << 5)) { /* literal run of ctrl+1 bytes */
			size_t len = ctrl + 1;
			if (op + len > out_end) { *status = REGULA_LZF_SHORT_OUTPUT; return 0; }
			if (ip + len > in_end) { *status = REGULA_LZF_CORRUPT; return 0; }
			memcpy(op, ip, len);
			op += len;
			ip += len;
		} else { /* back reference */
			size_t len = ctrl >> 5;
			if (len == 7) {
				if (ip >= in_end) { *status = REGULA_LZF_CORRUPT; return 0; }
				len += *ip++;
			}
			if (ip >= in_end) { *status = REGULA_LZF_CORRUPT; return 0; }
			size_t back = ((size_t)(ctrl & 0x1f) << 8) + *ip++ + 1;
			len += 2;
			if (back > (size_t)(op - out)) { *status = REGULA_LZF_CORRUPT; return 0; }
			if (op + len > out_end) { *status = REGULA_LZF_SHORT_OUTPUT; return 0; }
			const unsigned char *ref = op - back;
			/* byte by byte: source and destination may overlap */
			for (size_t i = 0; i < len; i++) op[i] = ref[i];
			op += len;
		}
	}
	return (size_t)(op - out);
}

// lzf_filter follows h5py's lzf_filter.c: cd_values[2], when set, holds the
// chunk size in bytes; otherwise the output buffer grows until it fits.
static size_t lzf_filter(unsigned int flags, size_t cd_nelmts, const unsigned int cd_values[], size_t nbytes,
                         size_t *buf_size, void **buf) {
	if (!(flags & H5Z_FLAG_REVERSE)) return 0; /* encoding is not supported */
	size_t out_size = (cd_nelmts >= 3 && cd_values[2] != 0) ? cd_values[2] : *buf_size;
	if (out_size == 0) out_size = nbytes * 2 + 64;
	for (;;) {
		unsigned char *out = malloc(out_size);
		if (out == NULL) return 0;
		int status;
		size_t n = regula_lzf_decompress(*buf, nbytes, out, out_size, &status);
		if (status == REGULA_LZF_OK) {
			free(*buf);
			*buf = out;
			*buf_size = out_size;
			return n;
		}
		free(out);
		if (status != REGULA_LZF_SHORT_OUTPUT || out_size > ((size_t)1 << 40)) return 0;
		out_size *= 2;
	}
}

int regula_lzf_register(void) {
	if (H5Zfilter_avail(REGULA_LZF_FILTER_ID) > 0) return 0;
	static const H5Z_class2_t cls = {
		H5Z_CLASS_T_VERS,
		(H5Z_filter_t)REGULA_LZF_FILTER_ID,
		0, /* encoder_present */
		1, /* decoder_present */
		"lzf (regula decoder)",
		NULL,
		NULL,
		(H5Z_func_t)lzf_filter,
	};
	return H5Zregister(&cls) < 0 ? -1 : 0;
}
