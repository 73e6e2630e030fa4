package anndata

import "errors"

// Placeholder signatures (replaced by the libhdf5-backed implementation).

// ReadH5AD reads an .h5ad file.
func ReadH5AD(path string) (*AnnData, error) { return nil, errors.New("h5ad: not built yet") }

// WriteH5AD writes a as an .h5ad file atomically.
func WriteH5AD(path string, a *AnnData) error { return errors.New("h5ad: not built yet") }

// Read10xH5 reads a 10x Cell Ranger .h5 matrix file.
func Read10xH5(path string) (*AnnData, error) { return nil, errors.New("10x h5: not built yet") }
