package sim

import (
	"encoding/binary"
	"strconv"
)

// rdbReader reads the body of an RDB file.
type rdbReader struct {
	b []byte
	i int
}

// body reads opcodes and string entries up to EOF.
func (r *rdbReader) body() (map[string]string, error) {
	db := map[string]string{}
	for {
		op, ok := r.byte()
		if !ok {
			return nil, errRDBShort
		}
		var err error
		switch op {
		case rdbOpEOF:
			return db, nil
		case rdbOpAux:
			_, err = r.string()
			if err == nil {
				_, err = r.string()
			}
		case rdbOpSelectDB:
			_, err = r.length()
		case rdbOpResizeDB:
			if _, err = r.length(); err == nil {
				_, err = r.length()
			}
		case rdbOpExpire:
			err = r.skip(4)
		case rdbOpExpireMS:
			err = r.skip(8)
		case rdbTypeString:
			err = r.entry(db)
		default:
			return nil, rdbTypeError(op)
		}
		if err != nil {
			return nil, err
		}
	}
}

// entry reads one string key and its value.
func (r *rdbReader) entry(db map[string]string) error {
	k, err := r.string()
	if err != nil {
		return err
	}
	v, err := r.string()
	if err != nil {
		return err
	}
	db[k] = v
	return nil
}

func (r *rdbReader) byte() (byte, bool) {
	if r.i >= len(r.b) {
		return 0, false
	}
	r.i++
	return r.b[r.i-1], true
}

func (r *rdbReader) skip(n int) error {
	if r.i+n > len(r.b) {
		return errRDBShort
	}
	r.i += n
	return nil
}

// lengthOrEnc reads a length; enc is true (with the encoding in n) for
// the special string encodings.
func (r *rdbReader) lengthOrEnc() (n uint64, enc bool, err error) {
	c, ok := r.byte()
	if !ok {
		return 0, false, errRDBShort
	}
	switch c >> 6 {
	case 0:
		return uint64(c & 0x3F), false, nil
	case 1:
		d, ok := r.byte()
		if !ok {
			return 0, false, errRDBShort
		}
		return uint64(c&0x3F)<<8 | uint64(d), false, nil
	case 3:
		return uint64(c & 0x3F), true, nil
	}
	size := map[byte]int{0x80: 4, 0x81: 8}[c]
	if size == 0 || r.skip(size) != nil {
		return 0, false, errRDBShort
	}
	p := r.b[r.i-size : r.i]
	if size == 4 {
		return uint64(binary.BigEndian.Uint32(p)), false, nil
	}
	return binary.BigEndian.Uint64(p), false, nil
}

func (r *rdbReader) length() (uint64, error) {
	n, enc, err := r.lengthOrEnc()
	if err == nil && enc {
		return 0, errRDBShort
	}
	return n, err
}

// string reads a string in any of its encodings.
func (r *rdbReader) string() (string, error) {
	n, enc, err := r.lengthOrEnc()
	switch {
	case err != nil:
		return "", err
	case !enc:
		if r.skip(int(n)) != nil || n > uint64(len(r.b)) {
			return "", errRDBShort
		}
		return string(r.b[r.i-int(n) : r.i]), nil
	case n == rdbEncLZF:
		return r.lzf()
	}
	size := map[uint64]int{rdbEncInt8: 1, rdbEncInt16: 2, rdbEncInt32: 4}[n]
	if size == 0 || r.skip(size) != nil {
		return "", errRDBShort
	}
	p := r.b[r.i-size : r.i]
	v := int64(int8(p[0]))
	if size == 2 {
		v = int64(int16(binary.LittleEndian.Uint16(p)))
	} else if size == 4 {
		v = int64(int32(binary.LittleEndian.Uint32(p)))
	}
	return strconv.FormatInt(v, 10), nil
}

// lzf reads an LZF-compressed string.
func (r *rdbReader) lzf() (string, error) {
	clen, err := r.length()
	if err != nil {
		return "", err
	}
	ulen, err := r.length()
	if err != nil || r.skip(int(clen)) != nil || clen > uint64(len(r.b)) {
		return "", errRDBShort
	}
	out, ok := lzfDecompress(r.b[r.i-int(clen):r.i], int(ulen))
	if !ok {
		return "", errRDBShort
	}
	return string(out), nil
}

// lzfDecompress is liblzf's lzf_decompress.
func lzfDecompress(in []byte, n int) ([]byte, bool) {
	out := make([]byte, 0, n)
	for i := 0; i < len(in); {
		ctrl := int(in[i])
		i++
		if ctrl < 32 { // a literal run of ctrl+1 bytes
			if i+ctrl+1 > len(in) {
				return nil, false
			}
			out = append(out, in[i:i+ctrl+1]...)
			i += ctrl + 1
			continue
		}
		length := ctrl >> 5
		if length == 7 {
			if i >= len(in) {
				return nil, false
			}
			length += int(in[i])
			i++
		}
		if i >= len(in) {
			return nil, false
		}
		ref := len(out) - (ctrl&0x1F)<<8 - int(in[i]) - 1
		i++
		if ref < 0 {
			return nil, false
		}
		for j := 0; j < length+2; j++ {
			out = append(out, out[ref+j])
		}
	}
	return out, len(out) == n
}
