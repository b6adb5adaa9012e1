package sim

import (
	"fmt"
	"strconv"
	"strings"
)

// redisReply is one RESP2 reply.
type redisReply struct {
	kind  byte // '+' status, '-' error, ':' integer, '$' bulk, '_' nil, '*' array; 0: none (the server closed the connection)
	str   string
	n     int64
	elems []redisReply
}

func replyStatus(s string) redisReply { return redisReply{kind: '+', str: s} }
func replyError(s string) redisReply  { return redisReply{kind: '-', str: s} }
func replyInt(n int64) redisReply     { return redisReply{kind: ':', n: n} }
func replyBulk(s string) redisReply   { return redisReply{kind: '$', str: s} }
func replyNil() redisReply            { return redisReply{kind: '_'} }
func replyOK() redisReply             { return replyStatus("OK") }

func replyArray(elems ...redisReply) redisReply {
	return redisReply{kind: '*', elems: append([]redisReply{}, elems...)}
}

func replyErrorf(format string, args ...any) redisReply {
	return replyError(fmt.Sprintf(format, args...))
}

// formatTTY is redis-cli's output on a terminal (cliFormatReplyTTY);
// emptyArray is "(empty list or set)" before Redis 6, "(empty array)"
// after.
func (r redisReply) formatTTY(prefix, emptyArray string) string {
	switch r.kind {
	case '-':
		return "(error) " + r.str + "\n"
	case '+':
		return r.str + "\n"
	case ':':
		return "(integer) " + strconv.FormatInt(r.n, 10) + "\n"
	case '$':
		return catRepr(r.str) + "\n"
	case '_':
		return "(nil)\n"
	case '*':
		if len(r.elems) == 0 {
			return emptyArray + "\n"
		}
		width := len(strconv.Itoa(len(r.elems)))
		inner := prefix + strings.Repeat(" ", width+2)
		var b strings.Builder
		for i, e := range r.elems {
			if i > 0 {
				b.WriteString(prefix)
			}
			fmt.Fprintf(&b, "%*d) ", width, i+1)
			b.WriteString(e.formatTTY(inner, emptyArray))
		}
		return b.String()
	}
	return ""
}

// formatRaw is redis-cli's raw output (cliFormatReplyRaw).
func (r redisReply) formatRaw() string {
	switch r.kind {
	case '-':
		return r.str + "\n"
	case '+', '$':
		return r.str
	case ':':
		return strconv.FormatInt(r.n, 10)
	case '*':
		parts := make([]string, len(r.elems))
		for i, e := range r.elems {
			parts[i] = e.formatRaw()
		}
		return strings.Join(parts, "\n")
	}
	return ""
}

// catRepr quotes a string as sds's sdscatrepr does.
func catRepr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		default:
			if c >= 0x20 && c < 0x7f {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, `\x%02x`, c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// respLen is the size of a command in RESP, as the replication stream
// carries it: *N\r\n then $L\r\nARG\r\n per argument.
func respLen(argv []string) int64 {
	n := len(strconv.Itoa(len(argv))) + 3
	for _, a := range argv {
		n += len(strconv.Itoa(len(a))) + 3 + len(a) + 2
	}
	return int64(n)
}
