package sts

import "math/bits"

// bitset is a growable set of small non-negative integers with a summary
// level (one bit per non-zero word), so that finding the next or previous
// member costs O(n/4096) words rather than O(n/64). The pod index keeps one
// per pod property it needs to find quickly.
type bitset struct {
	words   []uint64
	summary []uint64
}

func (b *bitset) grow(i int) {
	w := i>>6 + 1
	if w <= len(b.words) {
		return
	}
	n := max(w, 2*len(b.words))
	b.words = append(b.words, make([]uint64, n-len(b.words))...)
	s := (n + 63) >> 6
	if s > len(b.summary) {
		b.summary = append(b.summary, make([]uint64, s-len(b.summary))...)
	}
}

// set adds i (i ≥ 0).
func (b *bitset) set(i int) {
	b.grow(i)
	w := i >> 6
	b.words[w] |= 1 << (uint(i) & 63)
	b.summary[w>>6] |= 1 << (uint(w) & 63)
}

// clear removes i.
func (b *bitset) clear(i int) {
	w := i >> 6
	if w >= len(b.words) {
		return
	}
	b.words[w] &^= 1 << (uint(i) & 63)
	if b.words[w] == 0 {
		b.summary[w>>6] &^= 1 << (uint(w) & 63)
	}
}

// put sets or clears i.
func (b *bitset) put(i int, on bool) {
	if on {
		b.set(i)
	} else {
		b.clear(i)
	}
}

// has reports whether i is a member.
func (b *bitset) has(i int) bool {
	w := i >> 6
	return i >= 0 && w < len(b.words) && b.words[w]&(1<<(uint(i)&63)) != 0
}

// next returns the smallest member ≥ i, or -1.
func (b *bitset) next(i int) int {
	if i < 0 {
		i = 0
	}
	w := i >> 6
	if w >= len(b.words) {
		return -1
	}
	if m := b.words[w] >> (uint(i) & 63); m != 0 {
		return i + bits.TrailingZeros64(m)
	}
	w = b.nextWord(w + 1)
	if w < 0 {
		return -1
	}
	return w<<6 + bits.TrailingZeros64(b.words[w])
}

// nextWord returns the first non-zero word index ≥ w, or -1.
func (b *bitset) nextWord(w int) int {
	s := w >> 6
	if s >= len(b.summary) {
		return -1
	}
	if m := b.summary[s] >> (uint(w) & 63); m != 0 {
		return w + bits.TrailingZeros64(m)
	}
	for s++; s < len(b.summary); s++ {
		if b.summary[s] != 0 {
			return s<<6 + bits.TrailingZeros64(b.summary[s])
		}
	}
	return -1
}

// prev returns the largest member ≤ i, or -1.
func (b *bitset) prev(i int) int {
	if i < 0 {
		return -1
	}
	w := i >> 6
	if w >= len(b.words) {
		w = len(b.words) - 1
		i = w<<6 + 63
	}
	if w < 0 {
		return -1
	}
	if m := b.words[w] << (63 - uint(i)&63); m != 0 {
		return i - bits.LeadingZeros64(m)
	}
	w = b.prevWord(w - 1)
	if w < 0 {
		return -1
	}
	return w<<6 + 63 - bits.LeadingZeros64(b.words[w])
}

// prevWord returns the last non-zero word index ≤ w, or -1.
func (b *bitset) prevWord(w int) int {
	if w < 0 {
		return -1
	}
	s := w >> 6
	if m := b.summary[s] << (63 - uint(w)&63); m != 0 {
		return w - bits.LeadingZeros64(m)
	}
	for s--; s >= 0; s-- {
		if b.summary[s] != 0 {
			return s<<6 + 63 - bits.LeadingZeros64(b.summary[s])
		}
	}
	return -1
}

// nextClear returns the smallest non-member ≥ i.
func (b *bitset) nextClear(i int) int {
	if i < 0 {
		i = 0
	}
	w := i >> 6
	if w >= len(b.words) {
		return i
	}
	if m := ^b.words[w] >> (uint(i) & 63); m != 0 {
		return i + bits.TrailingZeros64(m)
	}
	for w++; w < len(b.words); w++ {
		if b.words[w] != ^uint64(0) {
			return w<<6 + bits.TrailingZeros64(^b.words[w])
		}
	}
	return len(b.words) << 6
}

// count returns the number of members in [lo, hi).
func (b *bitset) count(lo, hi int) int {
	n := 0
	for i := b.next(lo); i >= 0 && i < hi; i = b.next(i + 1) {
		if i&63 == 0 && i+64 <= hi {
			n += bits.OnesCount64(b.words[i>>6])
			i += 63
			continue
		}
		n++
	}
	return n
}
