package sts

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// §1.1 "Pod name = <set.metadata.name>-<ordinal> with the ordinal in plain
// decimal, no padding", and parsing is the greedy "anything, dash, digits at
// end".
// upstream: stateful_set_utils.go getPodName, getParentNameAndOrdinal
func TestPodNameParsesBackToSetAndOrdinal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		set := rapid.StringMatching(`[a-z]([-a-z0-9]{0,20}[a-z0-9])?`).Draw(t, "set")
		ord := rapid.Int32Range(0, math.MaxInt32).Draw(t, "ordinal")
		name := PodName(set, ord)
		if want := set + "-" + strconv.Itoa(int(ord)); name != want {
			t.Fatalf("PodName(%q, %d) = %q, want %q", set, ord, name, want)
		}
		parent, got := ParseName(name)
		if parent != set || got != ord {
			t.Fatalf("ParseName(%q) = %q, %d; want %q, %d", name, parent, got, set, ord)
		}
	})
}

// §1.1 "set foo does not consider foo-bar-0 a member (parent foo-bar); foo-01
// parses to parent foo, ordinal 1, but fails identityMatches because its name
// is not exactly foo-1"; "no match or overflow → ordinal −1".
// upstream: stateful_set_utils.go getParentNameAndOrdinal (statefulPodRegex
// "(.*)-([0-9]+)$", strconv.ParseInt(…, 10, 32))
func TestParseNameFollowsTheGreedyRegexp(t *testing.T) {
	for _, c := range []struct {
		name    string
		parent  string
		ordinal int32
	}{
		{"web-0", "web", 0},
		{"web-12", "web", 12},
		{"foo-bar-0", "foo-bar", 0},
		{"a-1-2", "a-1", 2},
		{"a--3", "a-", 3},
		{"foo-01", "foo", 1},
		{"-5", "", 5},
		{"web-2147483647", "web", math.MaxInt32},
		// overflow: the regexp matches, so upstream keeps the parent
		// (isMemberOf is true) but the ordinal is -1 (ignored by the sync)
		{"web-2147483648", "web", -1},
		{"web-99999999999999999999999", "web", -1},
		// no match
		{"web", "", -1},
		{"web-", "", -1},
		{"5", "", -1},
		{"", "", -1},
		{"web-1a", "", -1},
		{"web_1", "", -1},
	} {
		parent, ord := ParseName(c.name)
		if parent != c.parent || ord != c.ordinal {
			t.Errorf("ParseName(%q) = %q, %d; want %q, %d", c.name, parent, ord, c.parent, c.ordinal)
		}
	}
	if PodName("foo", 1) == "foo-01" {
		t.Errorf("foo-01 must not be the canonical name of ordinal 1")
	}
}

// §1.1 identityMatches: foo-01 parses to ordinal 1 but its name is not
// exactly foo-1, so the index flags it for identity repair.
// upstream: stateful_set_utils.go identityMatches
func TestIdentityMatchesNeedsTheCanonicalName(t *testing.T) {
	set := newSet("foo", 2)
	x := NewIndex(set)
	good := podAt(set, "foo-r", 1)
	padded := podAt(set, "foo-r", 1)
	padded.Name = "foo-01"
	padded.Labels[PodNameLabel] = "foo-01"
	if !x.identityMatches(good, 1) {
		t.Errorf("foo-1 should match its identity")
	}
	if x.identityMatches(padded, 1) {
		t.Errorf("foo-01 must fail identityMatches")
	}
}

// §6.1 "PVC name = <template.metadata.name>-<set.name>-<ordinal>".
// upstream: stateful_set_utils.go getPersistentVolumeClaimName
func TestClaimNameIsTemplateDashPodName(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tmpl := rapid.StringMatching(`[a-z][a-z0-9]{0,10}`).Draw(t, "template")
		set := rapid.StringMatching(`[a-z][-a-z0-9]{0,10}[a-z0-9]`).Draw(t, "set")
		ord := rapid.Int32Range(0, 1<<20).Draw(t, "ordinal")
		name := ClaimName(tmpl, set, ord)
		if want := tmpl + "-" + set + "-" + strconv.Itoa(int(ord)); name != want {
			t.Fatalf("ClaimName = %q, want %q", name, want)
		}
		// the claim name parses like a pod name of set "<tmpl>-<set>"
		parent, got := ParseName(name)
		if parent != tmpl+"-"+set || got != ord {
			t.Fatalf("ParseName(%q) = %q, %d", name, parent, got)
		}
	})
}

// §4.4 "Revision object: name <set>-<hash> (set-name prefix truncated to 223
// chars)".
// upstream: controller_history.go ControllerRevisionName
func TestRevisionNameTruncatesThePrefixTo223(t *testing.T) {
	for _, n := range []int{1, 52, 222, 223, 224, 300} {
		set := strings.Repeat("s", n)
		got := RevisionName(set, "hash")
		prefix := set[:min(n, 223)]
		if got != prefix+"-hash" {
			t.Errorf("RevisionName(len %d) = %q (len %d), want prefix of %d then -hash", n, got, len(got), len(prefix))
		}
	}
}

// §1.5 "The hash is the decimal rendering of a 32-bit FNV value passed through
// rand.SafeEncodeString (same length as the decimal string, alphabet
// bcdfghjklmnpqrstvwxz2456789)".
// upstream: apimachinery pkg/util/rand SafeEncodeString
func TestSafeEncodeStringKeepsLengthAndAlphabet(t *testing.T) {
	const alphabet = "bcdfghjklmnpqrstvwxz2456789"
	if got := SafeEncodeString("0123456789"); got != "456789bcdf" {
		t.Errorf("SafeEncodeString(digits) = %q, want 456789bcdf", got)
	}
	rapid.Check(t, func(t *rapid.T) {
		// upstream only ever encodes decimal strings; ASCII is where its
		// rune loop and our byte loop agree
		s := rapid.StringMatching(`[ -~]{0,40}`).Draw(t, "s")
		e := SafeEncodeString(s)
		if len(e) != len(s) {
			t.Fatalf("len(SafeEncodeString(%q)) = %d", s, len(e))
		}
		for i := 0; i < len(s); i++ {
			if e[i] != alphabet[int(s[i])%len(alphabet)] {
				t.Fatalf("SafeEncodeString(%q)[%d] = %q", s, i, e[i])
			}
			if !strings.ContainsRune(alphabet, rune(e[i])) {
				t.Fatalf("%q outside the alphabet", e[i])
			}
		}
	})
}

// fnv1 is 32-bit FNV-1 (multiply, then xor), written out so that the test
// checks the variant, not just a call to hash/fnv.
func fnv1(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h *= 16777619
		h ^= uint32(c)
	}
	return h
}

// §4.4 "Hash: 32-bit FNV-1 over the raw patch bytes followed by the decimal
// string of collisionCount (always present; "0" initially), rendered as a
// decimal string then SafeEncodeString"; §4.4 step 5 "On name collision …
// collisionCount++ and retry with a new hash".
// upstream: controller_history.go HashControllerRevision
func TestRevisionHashIsFNV1OfDataAndCollisionCount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "data")
		cc := rapid.Int32Range(0, math.MaxInt32-1).Draw(t, "collisionCount")
		h := RevisionHash(data, cc)
		want := SafeEncodeString(strconv.FormatUint(uint64(fnv1(append(append([]byte{}, data...), strconv.Itoa(int(cc))...))), 10))
		if h != want {
			t.Fatalf("RevisionHash = %q, want %q", h, want)
		}
		if h != RevisionHash(data, cc) {
			t.Fatalf("RevisionHash is not deterministic")
		}
		if len(h) < 1 || len(h) > 10 {
			t.Fatalf("hash %q is not 1–10 characters", h)
		}
		// a different collision count renames the revision: for
		// suffixes of equal length the last FNV-1 step xors different
		// bytes into the same state, and SafeEncodeString is injective
		// on digits (a length change collides with odds 2^-32)
		if RevisionHash(data, cc+1) == h {
			t.Fatalf("collisionCount %d and %d give the same hash %q", cc, cc+1, h)
		}
	})
}

// §4.4 the revision is named after its hash and labelled with it.
// upstream: controller_history.go NewControllerRevision
func TestNewRevisionIsNamedAfterItsHash(t *testing.T) {
	set := newSet("web", 1)
	data := TemplateData(&set.Spec.Template)
	for cc := int32(0); cc < 3; cc++ {
		r := NewRevision(set, data, 7, cc)
		hash := RevisionHash(data, cc)
		if r.Name != RevisionName("web", hash) || r.Labels[RevisionHashLabel] != hash || r.Revision != 7 {
			t.Errorf("cc %d: revision %s labels %v revision %d", cc, r.Name, r.Labels, r.Revision)
		}
		if r.Labels["app"] != "web" {
			t.Errorf("revision labels must include the template labels: %v", r.Labels)
		}
	}
}

// ---- bitset ----

// bitsetModel is the map-based model the bitset is checked against.
type bitsetModel map[int]bool

func (m bitsetModel) next(i int) int {
	best := -1
	for k := range m {
		if k >= i && (best < 0 || k < best) {
			best = k
		}
	}
	return best
}

func (m bitsetModel) prev(i int) int {
	best := -1
	for k := range m {
		if k <= i && k > best {
			best = k
		}
	}
	return best
}

func (m bitsetModel) nextClear(i int) int {
	i = max(i, 0)
	for m[i] {
		i++
	}
	return i
}

func (m bitsetModel) count(lo, hi int) int {
	n := 0
	for k := range m {
		if k >= lo && k < hi {
			n++
		}
	}
	return n
}

// The index's bit sets answer next, prev, nextClear and count exactly as a
// set of integers would, across word and summary-word boundaries.
func TestBitsetMatchesAMapModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var b bitset
		m := bitsetModel{}
		// mostly small, dense members; sometimes far ones past a
		// summary word (4096 bits)
		member := rapid.OneOf(rapid.IntRange(0, 200), rapid.IntRange(0, 9000), rapid.IntRange(4090, 4200))
		query := rapid.IntRange(-3, 9100)
		t.Repeat(map[string]func(*rapid.T){
			"set": func(t *rapid.T) {
				i := member.Draw(t, "i")
				b.set(i)
				m[i] = true
			},
			"clear": func(t *rapid.T) {
				i := member.Draw(t, "i")
				b.clear(i)
				delete(m, i)
			},
			"put": func(t *rapid.T) {
				i, on := member.Draw(t, "i"), rapid.Bool().Draw(t, "on")
				b.put(i, on)
				if on {
					m[i] = true
				} else {
					delete(m, i)
				}
			},
			"fill": func(t *rapid.T) { // whole words, for nextClear and count
				lo := rapid.IntRange(0, 300).Draw(t, "lo")
				n := rapid.IntRange(0, 200).Draw(t, "n")
				for i := lo; i < lo+n; i++ {
					b.set(i)
					m[i] = true
				}
			},
			"query": func(t *rapid.T) {
				i := query.Draw(t, "i")
				if got, want := b.has(i), m[i]; got != want {
					t.Fatalf("has(%d) = %v, want %v", i, got, want)
				}
				if got, want := b.next(i), m.next(i); got != want {
					t.Fatalf("next(%d) = %d, want %d", i, got, want)
				}
				if got, want := b.prev(i), m.prev(i); got != want {
					t.Fatalf("prev(%d) = %d, want %d", i, got, want)
				}
				if got, want := b.nextClear(i), m.nextClear(i); got != want {
					t.Fatalf("nextClear(%d) = %d, want %d", i, got, want)
				}
			},
			"count": func(t *rapid.T) {
				lo := query.Draw(t, "lo")
				hi := query.Draw(t, "hi")
				if got, want := b.count(max(lo, 0), hi), m.count(max(lo, 0), hi); got != want {
					t.Fatalf("count(%d, %d) = %d, want %d", lo, hi, got, want)
				}
			},
			"": func(t *rapid.T) {
				if got, want := b.next(0), m.next(0); got != want {
					t.Fatalf("smallest member %d, want %d", got, want)
				}
				if got, want := b.prev(1<<20), m.prev(1<<20); got != want {
					t.Fatalf("largest member %d, want %d", got, want)
				}
			},
		})
	})
}

// isPodName and isClaimName agree with the names PodName and ClaimName
// build, and refuse near misses (a leading zero, another set, a prefix).
func TestIsPodAndClaimName(t *testing.T) {
	for _, ord := range []int32{0, 7, 10, 123456, 2147483647} {
		if !isPodName(PodName("web", ord), "web", ord) || !isClaimName(ClaimName("data", "web", ord), "data", "web", ord) {
			t.Errorf("ordinal %d: its own names refused", ord)
		}
	}
	for _, tc := range []struct {
		name string
		ord  int32
	}{{"web-01", 1}, {"web-1", 2}, {"webb-1", 1}, {"we-1", 1}, {"web1", 1}, {"web-", 0}, {"web-10", 1}, {"", 0}} {
		if isPodName(tc.name, "web", tc.ord) {
			t.Errorf("isPodName(%q, web, %d) = true", tc.name, tc.ord)
		}
		if isClaimName("data-"+tc.name, "data", "web", tc.ord) {
			t.Errorf("isClaimName(data-%s, data, web, %d) = true", tc.name, tc.ord)
		}
	}
	for _, name := range []string{"data-web-1x", "dat-web-1", "datax-web-1", "data", "data-", "datweb-1"} {
		if isClaimName(name, "data", "web", 1) {
			t.Errorf("isClaimName(%q, data, web, 1) = true", name)
		}
	}
}
