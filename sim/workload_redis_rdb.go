package sim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc64"
	"maps"
	"slices"
	"strconv"
)

// Redis's RDB file format, for string keys: what the simulated server
// writes to dump.rdb is a file redis-check-rdb (and a real Redis) would
// load, and it loads such files back (uncompressed or LZF-compressed
// strings, expiry times ignored).

// RDB opcodes and value types.
const (
	rdbOpAux      = 0xFA
	rdbOpResizeDB = 0xFB
	rdbOpExpireMS = 0xFC
	rdbOpExpire   = 0xFD
	rdbOpSelectDB = 0xFE
	rdbOpEOF      = 0xFF
	rdbTypeString = 0
	rdbEncInt8    = 0
	rdbEncInt16   = 1
	rdbEncInt32   = 2
	rdbEncLZF     = 3
)

// crcJones is CRC-64/Jones, reflected, as Redis's crc64.c computes it.
var crcJones = crc64.MakeTable(0x95AC9329AC4BC9B5)

// redisCRC64 is Redis's crc64(0, data): no initial or final inversion
// (hash/crc64 inverts both, so invert around it).
func redisCRC64(data []byte) uint64 { return ^crc64.Update(^uint64(0), crcJones, data) }

// rdbAux is one auxiliary field of an RDB file.
type rdbAux struct{ key, value string }

// encodeRDB writes db as an RDB file of the given version.
func encodeRDB(version int, aux []rdbAux, db map[string]string) []byte {
	b := fmt.Appendf(nil, "REDIS%04d", version)
	for _, a := range aux {
		b = append(b, rdbOpAux)
		b = rdbAppendString(b, a.key)
		b = rdbAppendString(b, a.value)
	}
	if len(db) > 0 {
		b = append(b, rdbOpSelectDB, 0, rdbOpResizeDB)
		b = rdbAppendLen(b, uint64(len(db)))
		b = rdbAppendLen(b, 0)
		for _, k := range slices.Sorted(maps.Keys(db)) {
			b = append(b, rdbTypeString)
			b = rdbAppendString(b, k)
			b = rdbAppendString(b, db[k])
		}
	}
	b = append(b, rdbOpEOF)
	return binary.LittleEndian.AppendUint64(b, redisCRC64(b))
}

// rdbAppendLen appends a length in RDB's 6/14/32/64-bit encoding.
func rdbAppendLen(b []byte, n uint64) []byte {
	switch {
	case n < 1<<6:
		return append(b, byte(n))
	case n < 1<<14:
		return append(b, byte(n>>8)|0x40, byte(n))
	case n <= 0xFFFFFFFF:
		return binary.BigEndian.AppendUint32(append(b, 0x80), uint32(n))
	}
	return binary.BigEndian.AppendUint64(append(b, 0x81), n)
}

// rdbAppendString appends a string, integer-encoded when it is the
// canonical spelling of a small enough integer (rdbTryIntegerEncoding).
func rdbAppendString(b []byte, s string) []byte {
	if len(s) <= 11 {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil && strconv.FormatInt(v, 10) == s {
			switch {
			case v >= -1<<7 && v < 1<<7:
				return append(b, 0xC0|rdbEncInt8, byte(int8(v)))
			case v >= -1<<15 && v < 1<<15:
				return binary.LittleEndian.AppendUint16(append(b, 0xC0|rdbEncInt16), uint16(int16(v)))
			case v >= -1<<31 && v < 1<<31:
				return binary.LittleEndian.AppendUint32(append(b, 0xC0|rdbEncInt32), uint32(int32(v)))
			}
		}
	}
	return append(rdbAppendLen(b, uint64(len(s))), s...)
}

// The ways loading an RDB file fails.
var (
	errRDBSignature = errors.New("rdb: wrong signature")
	errRDBShort     = errors.New("rdb: short read")
	errRDBChecksum  = errors.New("rdb: wrong checksum")
)

// rdbLogLine is how Redis logs a failure to load an RDB file.
func rdbLogLine(err error) string {
	switch {
	case errors.Is(err, errRDBSignature):
		return "Wrong signature trying to load DB from file"
	case errors.Is(err, errRDBShort):
		return "Short read or OOM loading DB. Unrecoverable error, aborting now."
	case errors.Is(err, errRDBChecksum):
		return "Wrong RDB checksum. Aborting now."
	}
	return err.Error()
}

// rdbVersionError is an RDB version this Redis cannot read.
type rdbVersionError int

func (e rdbVersionError) Error() string {
	return fmt.Sprintf("Can't handle RDB format version %d", int(e))
}

// rdbTypeError is a value type the simulation does not model.
type rdbTypeError byte

func (e rdbTypeError) Error() string {
	return fmt.Sprintf("Unknown RDB encoding type %d (the simulated Redis loads strings only)", byte(e))
}

// decodeRDB reads an RDB file written by a server that reads up to
// maxVersion.
func decodeRDB(data []byte, maxVersion int) (map[string]string, error) {
	if len(data) < 9 || string(data[:5]) != "REDIS" {
		return nil, errRDBSignature
	}
	ver, err := strconv.Atoi(string(data[5:9]))
	if err != nil || ver < 1 {
		return nil, errRDBSignature
	}
	if ver > maxVersion {
		return nil, rdbVersionError(ver)
	}
	r := &rdbReader{b: data, i: 9}
	db, err := r.body()
	if err != nil {
		return nil, err
	}
	if ver >= 5 {
		if r.i+8 > len(data) {
			return nil, errRDBShort
		}
		if sum := binary.LittleEndian.Uint64(data[r.i:]); sum != 0 && sum != redisCRC64(data[:r.i]) {
			return nil, errRDBChecksum
		}
	}
	return db, nil
}
