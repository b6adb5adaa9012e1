package storage

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuantity: binary and decimal suffixes, exact comparison, and the
// canonical form the API server prints (storage.md §13; upstream
// resource.ParseQuantity, Quantity.Cmp, CanonicalizeBytes).
func TestQuantity(t *testing.T) {
	for _, tc := range []struct {
		in        string
		bytes     int64
		canonical string
	}{
		{"100Mi", 104857600, "100Mi"},
		{"1Gi", 1073741824, "1Gi"},
		{"1024Mi", 1073741824, "1Gi"},
		{"1536Mi", 1610612736, "1536Mi"},
		{"1.5Gi", 1610612736, "1536Mi"},
		{"1G", 1000000000, "1G"},
		{"1000M", 1000000000, "1G"},
		{"500M", 500000000, "500M"},
		{"1500", 1500, "1500"},
		{"1000", 1000, "1k"},
		{"512Ki", 524288, "512Ki"},
		{"0.5Ki", 512, "512"},
		{"1e3", 1000, "1e3"},
		{"1E6", 1000000, "1e6"},
		{"+2Ti", 2 << 40, "2Ti"},
		{"0", 0, "0"},
		{"-1Gi", -1073741824, "-1Gi"},
		{"500m", 1, "1"}, // our simplification: whole bytes
	} {
		q, err := ParseQuantity(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.bytes, q.Value(), tc.in)
		assert.Equal(t, tc.canonical, q.String(), tc.in)
	}
	for _, bad := range []string{"", "Mi", "1.2.3", "10MB", "abc", "1Zi", "1e", "--1"} {
		_, err := ParseQuantity(bad)
		assert.ErrorIs(t, err, ErrQuantityFormat, bad)
	}
	_, err := ParseQuantity("16Ei")
	assert.Error(t, err)
}

// TestQuantityCmp: a 1Gi volume satisfies a 1G claim, a 1G volume does not
// satisfy a 1Gi claim (storage.md §13).
func TestQuantityCmp(t *testing.T) {
	gi, g := MustParseQuantity("1Gi"), MustParseQuantity("1G")
	assert.Equal(t, 1, gi.Cmp(g))
	assert.Equal(t, -1, g.Cmp(gi))
	assert.Equal(t, 0, MustParseQuantity("1024Mi").Cmp(gi))
	assert.Equal(t, "5Gi", BinaryQuantity(5<<30).String())
	assert.Equal(t, "bogus", Canonical("bogus"))
}
