package anndata

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// OpenText opens path for reading and transparently decompresses it when it
// is gzip-compressed. Compression is detected from the file's first bytes,
// not from its name, so a gzipped file without a .gz suffix (or a plain file
// with one) is read correctly. Decompression is streamed.
func OpenText(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 1<<16)
	head, err := br.Peek(len(gzipMagic))
	if err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if !bytes.Equal(head, gzipMagic) {
		return readCloser{br, f}, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: corrupt gzip header: %w", path, err)
	}
	return readCloser{zr, f}, nil
}

// readCloser reads from one reader and closes another (the file beneath).
type readCloser struct {
	io.Reader
	io.Closer
}

// maxLineBytes bounds the length of one line, so that a binary file or a
// gzip bomb without line breaks fails instead of exhausting memory. A
// header of ten million 25-character cell barcodes still fits. It is a
// variable so that tests can lower it.
var maxLineBytes = 1 << 28

// lineReader yields the lines of a text file one at a time, counting line
// numbers for error messages. Lines are returned without their "\n" or
// "\r\n" terminator and stay valid only until the next call.
type lineReader struct {
	path string
	rc   io.ReadCloser
	br   *bufio.Reader
	// line is the 1-based number of the line returned last.
	line int
	long []byte
	err  error
}

// openLines opens path (gzip or plain) for line-by-line reading.
func openLines(path string) (*lineReader, error) {
	rc, err := OpenText(path)
	if err != nil {
		return nil, err
	}
	return &lineReader{path: path, rc: rc, br: bufio.NewReaderSize(rc, 1<<16)}, nil
}

// next returns the next line; ok is false at the end of the input or on a
// read error, which Err then reports.
func (lr *lineReader) next() (line []byte, ok bool) {
	if lr.err != nil {
		return nil, false
	}
	b, err := lr.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		lr.long = append(lr.long[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(lr.long) > maxLineBytes {
				lr.line++
				lr.err = lr.errorf("the line is longer than %d MiB: not a text table, or a compressed file that expands without line breaks", maxLineBytes>>20)
				return nil, false
			}
			b, err = lr.br.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		lr.line++
		lr.err = lr.readError(err)
		return nil, false
	}
	if len(b) == 0 && err != nil {
		lr.err = io.EOF
		return nil, false
	}
	lr.line++
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	return b, true
}

// readError describes a failure of the underlying stream at the current line.
func (lr *lineReader) readError(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: line %d: file is truncated (the compressed stream ends early): %w", lr.path, lr.line, err)
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader):
		return fmt.Errorf("%s: line %d: corrupt gzip data: %w", lr.path, lr.line, err)
	}
	return fmt.Errorf("%s: line %d: %w", lr.path, lr.line, err)
}

// Err returns the read error that stopped next, or nil at a clean end.
func (lr *lineReader) Err() error {
	if errors.Is(lr.err, io.EOF) {
		return nil
	}
	return lr.err
}

// errorf returns an error prefixed with the file name and current line.
func (lr *lineReader) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: line %d: %s", lr.path, lr.line, fmt.Sprintf(format, args...))
}

// Close closes the file.
func (lr *lineReader) Close() error { return lr.rc.Close() }

// splitFields splits line at delim into dst (reused), handling fields quoted
// with double quotes ("" inside quotes is a literal quote). Quoted fields
// are unquoted in place, so line is modified. Unquoted fields are returned
// as sub-slices of line.
func splitFields(line []byte, delim byte, dst [][]byte) ([][]byte, error) {
	dst = dst[:0]
	for {
		if len(line) > 0 && line[0] == '"' {
			field, rest, err := unquoteField(line, delim)
			if err != nil {
				return dst, err
			}
			dst = append(dst, field)
			if rest == nil {
				return dst, nil
			}
			line = rest
			continue
		}
		i := bytes.IndexByte(line, delim)
		if i < 0 {
			return append(dst, line), nil
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}

// unquoteField unquotes the quoted field at the start of line in place. It
// returns the field, and the rest of the line after the delimiter (nil when
// the field ends the line).
func unquoteField(line []byte, delim byte) (field, rest []byte, err error) {
	w := 0
	for r := 1; r < len(line); r++ {
		c := line[r]
		if c != '"' {
			line[w] = c
			w++
			continue
		}
		if r+1 < len(line) && line[r+1] == '"' {
			line[w] = '"'
			w++
			r++
			continue
		}
		// Closing quote.
		switch {
		case r+1 == len(line):
			return line[:w], nil, nil
		case line[r+1] == delim:
			return line[:w], line[r+2:], nil
		default:
			return nil, nil, fmt.Errorf("unexpected %q after a closing quote", line[r+1])
		}
	}
	return nil, nil, errors.New("unterminated quoted field")
}
