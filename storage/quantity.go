package storage

import (
	"errors"
	"math/big"
	"strconv"
	"strings"
)

// Quantity is a Kubernetes resource quantity of bytes (resource.Quantity,
// reduced to what storage sizes need): a whole number of bytes and the
// format it was written in, which decides how it is printed.
//
// Simplification: sub-byte fractions ("500m", "0.5") are rounded up to the
// next byte, as resource.Quantity.Value does, so they print as bytes, not
// in milli-units; values beyond int64 are refused.
type Quantity struct {
	bytes  int64
	format quantityFormat
}

type quantityFormat uint8

const (
	decimalSI quantityFormat = iota
	binarySI
	decimalExponent
)

// ErrQuantityFormat is resource.ErrFormatWrong.
var ErrQuantityFormat = errors.New("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")

// errQuantityRange is our own: resource.Quantity has arbitrary precision.
var errQuantityRange = errors.New("quantity is out of range for a storage size")

var binarySuffixes = []string{"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"}
var decimalSuffixes = []string{"", "k", "M", "G", "T", "P", "E"}

// ParseQuantity parses a quantity: an optionally signed decimal number
// followed by a binary suffix (Ki Mi Gi Ti Pi Ei, ×1024ⁿ), a decimal one
// (n u m k M G T P E, ×1000ⁿ) or a decimal exponent (e3, E-2)
// (upstream: apimachinery resource.ParseQuantity).
func ParseQuantity(s string) (Quantity, error) {
	num, suffix := splitQuantity(s)
	if num == "" {
		return Quantity{}, ErrQuantityFormat
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return Quantity{}, ErrQuantityFormat
	}
	q := Quantity{format: decimalSI}
	mult := new(big.Rat)
	switch {
	case suffix == "":
		mult.SetInt64(1)
	case indexOf(binarySuffixes, suffix) > 0:
		q.format = binarySI
		mult.SetInt(new(big.Int).Lsh(big.NewInt(1), uint(10*indexOf(binarySuffixes, suffix))))
	case indexOf(decimalSuffixes, suffix) > 0:
		mult.SetInt(new(big.Int).Exp(big.NewInt(1000), big.NewInt(int64(indexOf(decimalSuffixes, suffix))), nil))
	case suffix == "m" || suffix == "u" || suffix == "n":
		mult.SetFrac64(1, map[string]int64{"m": 1e3, "u": 1e6, "n": 1e9}[suffix])
	case suffix[0] == 'e' || suffix[0] == 'E':
		exp, err := strconv.Atoi(suffix[1:])
		if err != nil || exp < -30 || exp > 30 {
			return Quantity{}, ErrQuantityFormat
		}
		q.format = decimalExponent
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(exp))), nil)
		if exp >= 0 {
			mult.SetInt(p)
		} else {
			mult.SetFrac(big.NewInt(1), p)
		}
	default:
		return Quantity{}, ErrQuantityFormat
	}
	r.Mul(r, mult)
	// Whole bytes, rounding away from zero as resource.Quantity.Value does.
	n, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if rem.Sign() != 0 {
		n.Add(n, big.NewInt(int64(r.Sign())))
	}
	if !n.IsInt64() {
		return Quantity{}, errQuantityRange
	}
	q.bytes = n.Int64()
	return q, nil
}

// splitQuantity splits s into its number and its suffix.
func splitQuantity(s string) (num, suffix string) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		if s[i] != '.' {
			digits++
		}
		i++
	}
	if digits == 0 || strings.Count(s[:i], ".") > 1 {
		return "", ""
	}
	return s[:i], s[i:]
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// MustParseQuantity is ParseQuantity that panics on error (for tests and
// constants).
func MustParseQuantity(s string) Quantity {
	q, err := ParseQuantity(s)
	if err != nil {
		panic(err)
	}
	return q
}

// BinaryQuantity returns n bytes printed with binary suffixes.
func BinaryQuantity(n int64) Quantity { return Quantity{bytes: n, format: binarySI} }

// Value returns the number of bytes.
func (q Quantity) Value() int64 { return q.bytes }

// Cmp compares two quantities by value: -1, 0 or +1.
func (q Quantity) Cmp(o Quantity) int {
	switch {
	case q.bytes < o.bytes:
		return -1
	case q.bytes > o.bytes:
		return 1
	}
	return 0
}

// String prints the quantity canonically, as the API server re-serializes
// it: binary values with the largest exact binary suffix (1024Mi → 1Gi,
// 1536Mi stays), values under 1Ki and decimal values with the largest exact
// decimal suffix (1000M → 1G, 1500 stays), exponents in steps of three
// (upstream: resource.Quantity.CanonicalizeBytes).
func (q Quantity) String() string {
	v := q.bytes
	f := q.format
	if f == binarySI && v > -1024 && v < 1024 {
		f = decimalSI
	}
	switch f {
	case binarySI:
		e := 0
		for e < len(binarySuffixes)-1 && v%1024 == 0 {
			v /= 1024
			e++
		}
		return strconv.FormatInt(v, 10) + binarySuffixes[e]
	case decimalExponent:
		e := 0
		for v != 0 && v%1000 == 0 {
			v /= 1000
			e += 3
		}
		if e == 0 {
			return strconv.FormatInt(v, 10)
		}
		return strconv.FormatInt(v, 10) + "e" + strconv.Itoa(e)
	}
	e := 0
	for v != 0 && e < len(decimalSuffixes)-1 && v%1000 == 0 {
		v /= 1000
		e++
	}
	return strconv.FormatInt(v, 10) + decimalSuffixes[e]
}

// Canonical returns s re-serialized as the API server prints it, or s itself
// when it does not parse.
func Canonical(s string) string {
	q, err := ParseQuantity(s)
	if err != nil {
		return s
	}
	return q.String()
}
