package anndata

import (
	"fmt"

	"regula/internal/hdf5"
)

// readUnsGroup reads a dict group of uns into m, recursively.
func (r *h5adReader) readUnsGroup(g *hdf5.Group, m Uns) error {
	keys, err := g.Members()
	if err != nil {
		return err
	}
	for _, key := range keys {
		kind, err := g.Kind(key)
		if err != nil {
			return err
		}
		if kind == hdf5.KindGroup {
			sub, err := g.OpenGroup(key)
			if err != nil {
				return err
			}
			err = r.readUnsSubgroup(sub, key, m)
			sub.Close()
			if err != nil {
				return err
			}
			continue
		}
		d, err := g.OpenDataset(key)
		if err != nil {
			return err
		}
		v, err := r.readUnsValue(d)
		d.Close()
		if err != nil {
			return err
		}
		if v != nil {
			m[key] = v
		}
	}
	return nil
}

// readUnsSubgroup stores a nested dict, or notes a group of another kind.
func (r *h5adReader) readUnsSubgroup(sub *hdf5.Group, key string, m Uns) error {
	switch enc := encodingOf(sub); enc {
	case "", encDict:
		nested := Uns{}
		if err := r.readUnsGroup(sub, nested); err != nil {
			return err
		}
		m[key] = nested
	case encCSR, encCSC:
		mat, err := readSparse(sub)
		if err != nil {
			return err
		}
		m[key] = mat.ToDense()
	default:
		r.skip(sub.Path(), fmt.Sprintf("uns element with encoding %q not loaded", enc))
	}
	return nil
}

// readUnsValue converts a dataset to an Uns value: scalars to string,
// float64, int64 or bool; vectors to []string, []float64, []int64 or
// []bool; matrices to *Dense. It returns nil for values it skips.
func (r *h5adReader) readUnsValue(d *hdf5.Dataset) (any, error) {
	shape := d.Shape()
	if len(shape) > 2 || (len(shape) == 2 && d.Class() == hdf5.ClassString) {
		r.skip(d.Path(), fmt.Sprintf("%s array of shape %v not loaded", d.Class(), shape))
		return nil, nil
	}
	if len(shape) == 2 {
		switch d.Class() {
		case hdf5.ClassFloat, hdf5.ClassInt, hdf5.ClassUint, hdf5.ClassBool:
			data, err := hdf5.Read[float32](d)
			if err != nil {
				return nil, err
			}
			return &Dense{Rows: shape[0], Cols: shape[1], Data: data}, nil
		}
	}
	scalar := len(shape) == 0
	switch d.Class() {
	case hdf5.ClassString:
		v, err := d.ReadStrings()
		return pickScalar(v, scalar), err
	case hdf5.ClassBool:
		v, err := d.ReadBools()
		return pickScalar(v, scalar), err
	case hdf5.ClassInt, hdf5.ClassUint, hdf5.ClassEnum:
		v, err := hdf5.Read[int64](d)
		return pickScalar(v, scalar), err
	case hdf5.ClassFloat:
		v, err := hdf5.Read[float64](d)
		return pickScalar(v, scalar), err
	}
	r.skip(d.Path(), fmt.Sprintf("%s values not loaded", d.Class()))
	return nil, nil
}

// pickScalar returns v's only element for a scalar dataset, else v.
func pickScalar[T any](v []T, scalar bool) any {
	if v == nil {
		return nil
	}
	if scalar {
		return v[0]
	}
	return v
}
