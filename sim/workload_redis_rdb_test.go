package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestRedisCRC64: Redis's crc64.c test vector, crc64(0, "123456789") =
// 0xe9c6d914c4b8d9ca.
func TestRedisCRC64(t *testing.T) {
	assert.Equal(t, uint64(0xe9c6d914c4b8d9ca), redisCRC64([]byte("123456789")))
}

// TestRDBLayout: header, aux fields, SELECTDB and RESIZEDB, string entries
// with integer encodings, EOF and the checksum.
func TestRDBLayout(t *testing.T) {
	b := encodeRDB(9, []rdbAux{{"redis-ver", "5.0.14"}}, map[string]string{"a": "111", "b": "hello"})
	want := "REDIS0009" +
		"\xfa\x09redis-ver\x065.0.14" +
		"\xfe\x00\xfb\x02\x00" +
		"\x00\x01a\xc0\x6f" +
		"\x00\x01b\x05hello" +
		"\xff"
	require.Equal(t, want, string(b[:len(b)-8]))
	db, err := decodeRDB(b, 9)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "111", "b": "hello"}, db)
}

// TestRDBRoundTrip: any string dataset survives encode then decode.
func TestRDBRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		db := rapid.MapOf(rapid.String(), rapid.OneOf(rapid.String(), rapid.StringMatching(`-?[0-9]{1,12}`),
			rapid.StringN(60, 20000, 20000))).Draw(t, "db")
		got, err := decodeRDB(encodeRDB(11, []rdbAux{{"ctime", "1735689600"}}, db), 11)
		if err != nil {
			t.Fatal(err)
		}
		if len(db) == 0 {
			db = map[string]string{}
		}
		assert.Equal(t, db, got)
	})
}

// TestRDBErrors: what a real Redis says about files it cannot load.
func TestRDBErrors(t *testing.T) {
	good := encodeRDB(9, nil, map[string]string{"a": "1"})
	_, err := decodeRDB([]byte("a=111 b=222"), 9)
	assert.ErrorIs(t, err, errRDBSignature)
	_, err = decodeRDB(good[:len(good)-10], 9)
	assert.ErrorIs(t, err, errRDBShort)
	bad := append([]byte{}, good...)
	bad[len(bad)-1] ^= 1
	_, err = decodeRDB(bad, 9)
	assert.ErrorIs(t, err, errRDBChecksum)
	_, err = decodeRDB(encodeRDB(11, nil, nil), 9)
	assert.EqualError(t, err, "Can't handle RDB format version 11")
}

// TestLZF decodes liblzf's output: a literal run then a back reference
// ("abcabcabcabc": 3 literals, then 9 bytes from 3 back).
func TestLZF(t *testing.T) {
	out, ok := lzfDecompress([]byte{0x02, 'a', 'b', 'c', 0xE0, 0x00, 0x02}, 12)
	require.True(t, ok)
	assert.Equal(t, "abcabcabcabc", string(out))
	_, ok = lzfDecompress([]byte{0x05, 'a'}, 6)
	assert.False(t, ok)
}
