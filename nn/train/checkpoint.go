package train

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"math/bits"
	"os"
	"slices"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/internal/atomicfile"
)

// Checkpoint file format (version 1). All integers are little-endian; a
// string is a uint32 byte length followed by UTF-8 bytes.
//
//	magic      8 bytes  "RGLACKPT"
//	version    uint32   1
//	nMeta      uint32   number of metadata entries, then nMeta × (key string, value string), sorted by key
//	nVars      uint32   number of variables, then nVars × variable:
//	  path       string   absolute variable path in the model.Store, e.g. "/encoder/dense/weights"
//	  trainable  uint8    1 if trainable
//	  dtype      string   GoMLX dtype name, e.g. "Float32", "Int64", "Uint64"
//	  rank       uint32   then rank × uint64 dimensions
//	  nBytes     uint64   then the raw row-major little-endian element bytes
//	crc        uint32   CRC-32 (IEEE) of every preceding byte
//
// The store's variables include optimiser state (regula/nn/optim keeps it
// under /optim) and the random-number-generator state, so loading a
// checkpoint resumes training exactly.
const (
	checkpointMagic   = "RGLACKPT"
	checkpointVersion = 1
)

// SaveCheckpoint writes every variable of store that has a value, with its
// path, trainable flag, dtype and shape, plus the metadata (e.g. the epoch),
// to path atomically.
func SaveCheckpoint(path string, store *model.Store, meta map[string]string) error {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		return fmt.Errorf("save checkpoint %s: only little-endian hosts are supported", path)
	}
	var vars []*model.Variable
	for v := range store.IterVariables() {
		if v.HasValue() {
			vars = append(vars, v)
		}
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		crc := crc32.NewIEEE()
		bw := bufio.NewWriter(io.MultiWriter(w, crc))
		e := &encoder{w: bw}
		e.bytes([]byte(checkpointMagic))
		e.uint32(checkpointVersion)
		keys := slices.Sorted(maps.Keys(meta))
		e.uint32(uint32(len(keys)))
		for _, k := range keys {
			e.string(k)
			e.string(meta[k])
		}
		e.uint32(uint32(len(vars)))
		for _, v := range vars {
			value, err := v.Value()
			if err != nil {
				return fmt.Errorf("variable %s: %w", v.Path(), err)
			}
			e.string(v.Path())
			e.bool(v.Trainable)
			e.string(value.DType().String())
			dims := value.Shape().Dimensions
			e.uint32(uint32(len(dims)))
			for _, d := range dims {
				e.uint64(uint64(d))
			}
			if err := value.ConstBytes(func(data []byte) {
				e.uint64(uint64(len(data)))
				e.bytes(data)
			}); err != nil {
				return fmt.Errorf("variable %s: %w", v.Path(), err)
			}
		}
		if e.err != nil {
			return e.err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return binary.Write(w, binary.LittleEndian, crc.Sum32())
	})
}

// LoadCheckpoint reads a checkpoint written by SaveCheckpoint into store
// and returns its metadata. Variables already in the store must have the
// checkpoint's shape and dtype and get its values; the others are created
// (so optimiser state is restored before the training graph is built).
// Store variables absent from the checkpoint are left unchanged.
func LoadCheckpoint(path string, store *model.Store) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load checkpoint: %w", err)
	}
	meta, err := decodeCheckpoint(raw, store)
	if err != nil {
		return nil, fmt.Errorf("load checkpoint %s: %w", path, err)
	}
	return meta, nil
}

func decodeCheckpoint(raw []byte, store *model.Store) (map[string]string, error) {
	if len(raw) < len(checkpointMagic)+8 || string(raw[:len(checkpointMagic)]) != checkpointMagic {
		return nil, errors.New("not a regula checkpoint (bad magic)")
	}
	body := raw[:len(raw)-4]
	if want := binary.LittleEndian.Uint32(raw[len(raw)-4:]); crc32.ChecksumIEEE(body) != want {
		return nil, errors.New("checksum mismatch: the file is truncated or corrupt")
	}
	d := &decoder{r: bytes.NewReader(body[len(checkpointMagic):])}
	if v := d.uint32(); d.err == nil && v != checkpointVersion {
		return nil, fmt.Errorf("unsupported checkpoint version %d (this build reads %d)", v, checkpointVersion)
	}
	meta := map[string]string{}
	for range d.uint32() {
		k := d.string()
		meta[k] = d.string()
		if d.err != nil {
			return nil, d.err
		}
	}
	type entry struct {
		path      string
		trainable bool
		value     *tensors.Tensor
	}
	var entries []entry
	nVars := d.uint32()
	for i := range nVars {
		path := d.string()
		trainable := d.bool()
		dtypeName := d.string()
		rank := d.uint32()
		if d.err != nil {
			return nil, d.err
		}
		dtype, err := dtypes.DTypeString(dtypeName)
		if err != nil {
			return nil, fmt.Errorf("variable %d (%s): unknown dtype %q", i, path, dtypeName)
		}
		if rank > 64 {
			return nil, fmt.Errorf("variable %s: implausible rank %d", path, rank)
		}
		dims := make([]int, rank)
		elements := uint64(1)
		for j := range dims {
			dim := d.uint64()
			hi, lo := bits.Mul64(elements, dim)
			if hi != 0 || lo > uint64(len(raw)) {
				return nil, fmt.Errorf("variable %s: dimensions exceed the file size", path)
			}
			elements, dims[j] = lo, int(dim)
		}
		nBytes := d.uint64()
		if d.err != nil {
			return nil, d.err
		}
		if nBytes > uint64(d.r.Len()) {
			return nil, fmt.Errorf("variable %s: %d data bytes but only %d left in the file", path, nBytes, d.r.Len())
		}
		shape := shapes.Make(dtype, dims...)
		if nBytes != uint64(shape.ByteSize()) {
			return nil, fmt.Errorf("variable %s: %d data bytes for shape %s (want %d)", path, nBytes, shape, shape.ByteSize())
		}
		value := tensors.FromShape(shape)
		if err := value.MutableBytes(func(data []byte) { d.read(data) }); err != nil {
			return nil, fmt.Errorf("variable %s: %w", path, err)
		}
		if d.err != nil {
			return nil, d.err
		}
		entries = append(entries, entry{path, trainable, value})
	}
	if d.r.Len() != 0 {
		return nil, fmt.Errorf("%d unexpected trailing bytes", d.r.Len())
	}
	// Validate all shapes before changing the store, so a mismatch leaves it untouched.
	for _, e := range entries {
		if v := store.GetVariable(e.path); v != nil && !v.Shape().Equal(e.value.Shape()) {
			return nil, fmt.Errorf("variable %s has shape %s in the checkpoint but %s in the model", e.path, e.value.Shape(), v.Shape())
		}
	}
	for _, e := range entries {
		v := store.GetVariable(e.path)
		if v == nil {
			var err error
			if v, err = store.CreateVariable(e.path, e.value); err != nil {
				return nil, fmt.Errorf("variable %s: %w", e.path, err)
			}
		} else if err := v.SetValue(e.value); err != nil {
			return nil, fmt.Errorf("variable %s: %w", e.path, err)
		}
		v.SetTrainable(e.trainable)
	}
	return meta, nil
}

// encoder writes the checkpoint's primitive fields, keeping the first error.
type encoder struct {
	w   io.Writer
	err error
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}
func (e *encoder) uint32(v uint32) { e.bytes(binary.LittleEndian.AppendUint32(nil, v)) }
func (e *encoder) uint64(v uint64) { e.bytes(binary.LittleEndian.AppendUint64(nil, v)) }
func (e *encoder) string(s string) { e.uint32(uint32(len(s))); e.bytes([]byte(s)) }
func (e *encoder) bool(b bool) {
	if b {
		e.bytes([]byte{1})
	} else {
		e.bytes([]byte{0})
	}
}

// decoder reads the checkpoint's primitive fields, keeping the first error.
type decoder struct {
	r   *bytes.Reader
	err error
}

func (d *decoder) read(b []byte) {
	if d.err != nil {
		return
	}
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.err = errors.New("unexpected end of data")
	}
}
func (d *decoder) uint32() uint32 {
	var b [4]byte
	d.read(b[:])
	return binary.LittleEndian.Uint32(b[:])
}
func (d *decoder) uint64() uint64 {
	var b [8]byte
	d.read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
func (d *decoder) bool() bool {
	var b [1]byte
	d.read(b[:])
	return b[0] == 1
}
func (d *decoder) string() string {
	n := d.uint32()
	if d.err != nil {
		return ""
	}
	if int64(n) > int64(d.r.Len()) {
		d.err = fmt.Errorf("string length %d exceeds the remaining %d bytes", n, d.r.Len())
		return ""
	}
	b := make([]byte, n)
	d.read(b)
	return string(b)
}
