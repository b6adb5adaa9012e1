package sts

import (
	"hash/fnv"
	"strconv"
)

// All naming rules of the StatefulSet controller live in this file.

// PodName is the name of the pod with the given ordinal
// (upstream: stateful_set_utils.go getPodName).
func PodName(set string, ordinal int32) string {
	var buf [64]byte // one allocation, the string, for names up to 64 bytes
	b := append(buf[:0], set...)
	b = append(b, '-')
	return string(strconv.AppendInt(b, int64(ordinal), 10))
}

// ParseName splits a pod name into parent set name and ordinal the way
// upstream's greedy regexp `(.*)-([0-9]+)$` does. When the name does not
// match, parent is "" and ordinal -1; when it matches but the digits overflow
// int32, parent is kept and ordinal is -1, as upstream assigns the parent
// before parsing the digits, so such a pod is still a member of its set
// (isMemberOf) but ignored by the sync
// (upstream: stateful_set_utils.go getParentNameAndOrdinal).
func ParseName(pod string) (parent string, ordinal int32) {
	i := len(pod)
	for i > 0 && pod[i-1] >= '0' && pod[i-1] <= '9' {
		i--
	}
	if i == len(pod) || i == 0 || pod[i-1] != '-' {
		return "", -1
	}
	n, err := strconv.ParseInt(pod[i:], 10, 32)
	if err != nil {
		return pod[:i-1], -1
	}
	return pod[:i-1], int32(n)
}

// isPodName reports whether name is PodName(set, ordinal), without building
// it (the index checks every pod version it receives).
func isPodName(name, set string, ordinal int32) bool {
	var buf [16]byte
	digits := strconv.AppendInt(buf[:0], int64(ordinal), 10)
	return len(name) == len(set)+1+len(digits) && name[:len(set)] == set &&
		name[len(set)] == '-' && name[len(set)+1:] == string(digits)
}

// isClaimName reports whether name is ClaimName(template, set, ordinal),
// without building it.
func isClaimName(name, template, set string, ordinal int32) bool {
	return len(name) > len(template) && name[:len(template)] == template &&
		name[len(template)] == '-' && isPodName(name[len(template)+1:], set, ordinal)
}

// ClaimName is the name of the claim made from template for the pod with the
// given ordinal (upstream: getPersistentVolumeClaimName).
func ClaimName(template, set string, ordinal int32) string {
	return template + "-" + PodName(set, ordinal)
}

// RevisionName is the name of the ControllerRevision of set with hash
// (upstream: controller_history.go ControllerRevisionName, which truncates
// the prefix to 223 characters).
func RevisionName(set, hash string) string {
	if len(set) > 223 {
		set = set[:223]
	}
	return set + "-" + hash
}

// RevisionHash hashes revision data and the collision count into the short
// string upstream uses: FNV-1 32-bit over the data then the decimal
// collision count, printed in decimal and passed through SafeEncodeString
// (upstream: controller_history.go HashControllerRevision). Our data bytes
// are our own canonical encoding, so hashes differ from a real cluster's.
func RevisionHash(data []byte, collisionCount int32) string {
	h := fnv.New32()
	h.Write(data)
	h.Write([]byte(strconv.FormatInt(int64(collisionCount), 10)))
	return SafeEncodeString(strconv.FormatUint(uint64(h.Sum32()), 10))
}

// safeAlphabet has no vowels, so encoded strings never spell words
// (upstream: apimachinery pkg/util/rand alphanums).
const safeAlphabet = "bcdfghjklmnpqrstvwxz2456789"

// SafeEncodeString maps every byte of s onto safeAlphabet
// (upstream: apimachinery pkg/util/rand SafeEncodeString).
func SafeEncodeString(s string) string {
	b := make([]byte, len(s))
	for i := 0; i < len(s); i++ {
		b[i] = safeAlphabet[int(s[i])%len(safeAlphabet)]
	}
	return string(b)
}
