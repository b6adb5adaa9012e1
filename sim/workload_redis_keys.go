package sim

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The string keyspace commands.

func (s *redisServer) cmdGet(_ *redisClient, argv []string) redisReply {
	v, ok := s.db[argv[1]]
	if !ok {
		return replyNil()
	}
	return replyBulk(v)
}

// cmdSet is SET key value [NX|XX]; expiry is not simulated.
func (s *redisServer) cmdSet(_ *redisClient, argv []string) redisReply {
	nx, xx := false, false
	for _, opt := range argv[3:] {
		switch strings.ToLower(opt) {
		case "nx":
			nx = true
		case "xx":
			xx = true
		case "ex", "px", "keepttl":
			return replyError("ERR key expiry is not simulated")
		default:
			return replyError("ERR syntax error")
		}
	}
	_, exists := s.db[argv[1]]
	if nx && xx {
		return replyError("ERR syntax error")
	}
	if nx && exists || xx && !exists {
		return replyNil()
	}
	s.db[argv[1]] = argv[2]
	s.dirty++
	return replyOK()
}

func (s *redisServer) cmdDel(_ *redisClient, argv []string) redisReply {
	n := int64(0)
	for _, k := range argv[1:] {
		if _, ok := s.db[k]; ok {
			delete(s.db, k)
			n++
		}
	}
	s.dirty += n
	return replyInt(n)
}

func (s *redisServer) cmdExists(_ *redisClient, argv []string) redisReply {
	n := int64(0)
	for _, k := range argv[1:] {
		if _, ok := s.db[k]; ok {
			n++
		}
	}
	return replyInt(n)
}

// cmdKeys lists the matching keys, sorted (Redis follows its hash table).
func (s *redisServer) cmdKeys(_ *redisClient, argv []string) redisReply {
	var out []redisReply
	for _, k := range slices.Sorted(maps.Keys(s.db)) {
		if redisMatch(argv[1], k) {
			out = append(out, replyBulk(k))
		}
	}
	return replyArray(out...)
}

func (s *redisServer) cmdMset(_ *redisClient, argv []string) redisReply {
	if len(argv)%2 == 0 {
		return replyError("ERR wrong number of arguments for MSET")
	}
	for i := 1; i < len(argv); i += 2 {
		s.db[argv[i]] = argv[i+1]
	}
	s.dirty += int64(len(argv) / 2)
	return replyOK()
}

func (s *redisServer) cmdMget(_ *redisClient, argv []string) redisReply {
	out := make([]redisReply, 0, len(argv)-1)
	for _, k := range argv[1:] {
		out = append(out, s.cmdGet(nil, []string{"get", k}))
	}
	return replyArray(out...)
}

// cmdIncr is INCR, DECR, INCRBY and DECRBY.
func (s *redisServer) cmdIncr(_ *redisClient, argv []string) redisReply {
	by := int64(1)
	if len(argv) == 3 {
		n, err := strconv.ParseInt(argv[2], 10, 64)
		if err != nil {
			return replyError("ERR value is not an integer or out of range")
		}
		by = n
	}
	if strings.HasPrefix(strings.ToLower(argv[0]), "decr") {
		by = -by
	}
	cur := int64(0)
	if v, ok := s.db[argv[1]]; ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return replyError("ERR value is not an integer or out of range")
		}
		cur = n
	}
	if by > 0 && cur > (1<<63-1)-by || by < 0 && cur < -(1<<63)-by {
		return replyError("ERR increment or decrement would overflow")
	}
	s.db[argv[1]] = strconv.FormatInt(cur+by, 10)
	s.dirty++
	return replyInt(cur + by)
}

func (s *redisServer) cmdAppend(_ *redisClient, argv []string) redisReply {
	s.db[argv[1]] += argv[2]
	s.dirty++
	return replyInt(int64(len(s.db[argv[1]])))
}

// cmdFlush is FLUSHALL and FLUSHDB; FLUSHALL also saves when save points
// are configured, as Redis does.
func (s *redisServer) cmdFlush(_ *redisClient, argv []string) redisReply {
	n := int64(len(s.db))
	s.db = map[string]string{}
	if strings.EqualFold(argv[0], "flushall") && len(s.conf.save) > 0 {
		s.killChild()
		saved := s.dirty
		_ = s.saveSync()
		s.dirty = saved
	}
	s.dirty += n + 1
	return replyOK()
}

// redisMatch is stringmatchlen: glob with *, ?, [...] and \ escapes.
func redisMatch(pattern, s string) bool {
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for len(pattern) > 1 && pattern[1] == '*' {
				pattern = pattern[1:]
			}
			if len(pattern) == 1 {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if redisMatch(pattern[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if len(s) == 0 {
				return false
			}
		case '[':
			end := strings.IndexByte(pattern[1:], ']')
			if len(s) == 0 || end < 0 {
				return false
			}
			if !classMatch(pattern[1:end+1], s[0]) {
				return false
			}
			pattern = pattern[end+1:]
		case '\\':
			if len(pattern) > 1 {
				pattern = pattern[1:]
			}
			fallthrough
		default:
			if len(s) == 0 || pattern[0] != s[0] {
				return false
			}
		}
		pattern, s = pattern[1:], s[1:]
	}
	return len(s) == 0
}

// classMatch matches c against a [...] class body: ^ negates, a-z ranges.
func classMatch(class string, c byte) bool {
	neg := strings.HasPrefix(class, "^")
	if neg {
		class = class[1:]
	}
	hit := false
	for i := 0; i < len(class); i++ {
		if i+2 < len(class) && class[i+1] == '-' {
			lo, hi := min(class[i], class[i+2]), max(class[i], class[i+2])
			hit = hit || c >= lo && c <= hi
			i += 2
			continue
		}
		hit = hit || class[i] == c
	}
	return hit != neg
}
