package anndata

// This file holds what the h5ad reader and writer share: the element
// encodings of the anndata on-disk format and the notes kept about parts of
// a file that regula's data model cannot hold.
//
// The h5ad format (https://anndata.readthedocs.io/en/latest/fileformat-prose.html)
// stores each element of an AnnData under its name in an HDF5 file. Files
// written by anndata ≥ 0.8 tag every element with "encoding-type" and
// "encoding-version" attributes; files from anndata 0.7 tag only groups
// (dataframes, sparse matrices) and store categorical columns as integer
// codes beside a "__categories" group. ReadH5AD understands both; WriteH5AD
// writes the ≥ 0.8 encoding that anndata 0.8 and later read.

import (
	"regula/internal/hdf5"
)

// Encoding types and versions WriteH5AD writes (anndata 0.8.0's).
const (
	encAnnData      = "anndata"
	encDataFrame    = "dataframe"
	encCSR          = "csr_matrix"
	encCSC          = "csc_matrix"
	encCategorical  = "categorical"
	encStringArray  = "string-array"
	encArray        = "array"
	encDict         = "dict"
	encString       = "string"
	encScalar       = "numeric-scalar"
	encNullableInt  = "nullable-integer"
	encNullableBool = "nullable-boolean"
)

// encodingVersions maps each encoding type WriteH5AD writes to its version.
var encodingVersions = map[string]string{
	encAnnData:     "0.1.0",
	encDataFrame:   "0.2.0",
	encCSR:         "0.1.0",
	encCategorical: "0.2.0",
	encStringArray: "0.2.0",
	encArray:       "0.2.0",
	encDict:        "0.1.0",
	encString:      "0.2.0",
	encScalar:      "0.2.0",
}

// SkippedKey is the Uns entry where ReadH5AD lists the elements of a file
// it did not load (for example dataframes in obsm, record arrays in uns or
// a raw matrix whose genes differ from var's), one "path: reason" line each.
const SkippedKey = "regula_h5ad_skipped"

// attributed is an HDF5 group or dataset: something with attributes.
type attributed interface {
	HasAttr(name string) bool
	AttrString(name string) (string, error)
	SetAttr(name string, v any) error
}

var (
	_ attributed = (*hdf5.Group)(nil)
	_ attributed = (*hdf5.Dataset)(nil)
)

// encodingOf returns an element's "encoding-type" attribute, or "" when it
// has none (anndata 0.7 datasets, or files from other writers).
func encodingOf(o attributed) string {
	if !o.HasAttr("encoding-type") {
		return ""
	}
	enc, err := o.AttrString("encoding-type")
	if err != nil {
		return ""
	}
	return enc
}

// setEncoding tags an element with its encoding type and version.
func setEncoding(o attributed, enc string) error {
	if err := o.SetAttr("encoding-type", enc); err != nil {
		return err
	}
	return o.SetAttr("encoding-version", encodingVersions[enc])
}
