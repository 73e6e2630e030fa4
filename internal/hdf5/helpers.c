#include "helpers.h"

#include <string.h>


void regula_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

int regula_init(void) {
	if (H5open() < 0) return -1;
	if (H5Eset_auto2(H5E_DEFAULT, NULL, NULL) < 0) return -1;
	return regula_lzf_register();
}

hid_t regula_native_type(int code) {
	switch (code) {
	case REGULA_INT8: return H5T_NATIVE_INT8;
	case REGULA_INT16: return H5T_NATIVE_INT16;
	case REGULA_INT32: return H5T_NATIVE_INT32;
	case REGULA_INT64: return H5T_NATIVE_INT64;
	case REGULA_UINT8: return H5T_NATIVE_UINT8;
	case REGULA_UINT16: return H5T_NATIVE_UINT16;
	case REGULA_UINT32: return H5T_NATIVE_UINT32;
	case REGULA_UINT64: return H5T_NATIVE_UINT64;
	case REGULA_FLOAT32: return H5T_NATIVE_FLOAT;
	case REGULA_FLOAT64: return H5T_NATIVE_DOUBLE;
	}
	return -1;
}

hid_t regula_bool_type(void) {
	hid_t t = H5Tenum_create(H5T_NATIVE_INT8);
	if (t < 0) return t;
	signed char v = 0;
	if (H5Tenum_insert(t, "FALSE", &v) < 0) { H5Tclose(t); return -1; }
	v = 1;
	if (H5Tenum_insert(t, "TRUE", &v) < 0) { H5Tclose(t); return -1; }
	return t;
}

hid_t regula_vlen_string_type(void) {
	hid_t t = H5Tcopy(H5T_C_S1);
	if (t < 0) return t;
	if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
		H5Tclose(t);
		return -1;
	}
	return t;
}

typedef struct {
	char *buf;
	size_t len, cap;
} strbuf;

static void strbuf_append(strbuf *b, const char *s, size_t n) {
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->cap + n + 1) * 2;
		char *nb = realloc(b->buf, cap);
		if (nb == NULL) return;
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = 0;
}

static herr_t collect_error(unsigned n, const H5E_error2_t *e, void *data) {
	strbuf *b = data;
	const char *desc = e->desc ? e->desc : "";
	if (desc[0] == 0) return 0;
	if (b->len > 0) strbuf_append(b, "; ", 2);
	strbuf_append(b, desc, strlen(desc));
	return 0;
}

char *regula_error_message(void) {
	strbuf b = {0};
	H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &b);
	H5Eclear2(H5E_DEFAULT);
	if (b.buf == NULL) {
		b.buf = malloc(1);
		if (b.buf) b.buf[0] = 0;
	}
	return b.buf;
}

typedef struct {
	strbuf b;
	size_t count;
} namelist;

static herr_t collect_member(hid_t g, const char *name, const H5L_info_t *info, void *data) {
	namelist *l = data;
	size_t n = strlen(name) + 1;
	strbuf_append(&l->b, name, n);
	l->count++;
	return 0;
}

int regula_list_members(hid_t g, char **names, size_t *count) {
	namelist l = {{0}, 0};
	hsize_t idx = 0;
	if (H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_member, &l) < 0) {
		free(l.b.buf);
		return -1;
	}
	*names = l.b.buf;
	*count = l.count;
	return 0;
}

int regula_object_type(hid_t loc, const char *name) {
	hid_t o = H5Oopen(loc, name, H5P_DEFAULT);
	if (o < 0) return -1;
	int t = (int)H5Iget_type(o);
	H5Oclose(o);
	return t;
}

herr_t regula_dread(hid_t ds, hid_t mem, void *buf) {
	return H5Dread(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

herr_t regula_dwrite(hid_t ds, hid_t mem, const void *buf) {
	return H5Dwrite(ds, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}
