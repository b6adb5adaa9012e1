package sim

import (
	"errors"
	"strings"
)

// The `sh -c` stand-in: a busybox-ash-like subset with words, quotes,
// backslash escapes, $VAR and ${VAR} expansion, `>` and `>>` redirections
// of standard output, and `;`, `&&` and `||` lists. Pipes and input
// redirection are not simulated.

// shCommand is one simple command of a list and the operator that
// follows it ("", ";", "&&" or "||").
type shCommand struct {
	words     []string
	redirect  string
	appending bool
	next      string
}

// errUnterminated is busybox's message for an open quote.
var errUnterminated = errors.New("syntax error: unterminated quoted string")

// shParse splits a script into a list of simple commands.
func shParse(src string, env func(string) string) ([]shCommand, error) {
	toks, err := shLex(src, env)
	if err != nil {
		return nil, err
	}
	var out []shCommand
	cur := shCommand{}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.op {
		case "":
			cur.words = append(cur.words, t.word)
		case ">", ">>":
			if i+1 >= len(toks) || toks[i+1].op != "" {
				return nil, errors.New("syntax error: unexpected newline")
			}
			cur.redirect, cur.appending = toks[i+1].word, t.op == ">>"
			i++
		case ";", "&&", "||":
			if len(cur.words) == 0 {
				return nil, errors.New("syntax error: unexpected \"" + t.op + "\"")
			}
			cur.next = t.op
			out = append(out, cur)
			cur = shCommand{}
		default:
			return nil, errors.New("\"" + t.op + "\" is not simulated")
		}
	}
	if len(cur.words) > 0 || cur.redirect != "" {
		out = append(out, cur)
	}
	return out, nil
}

// shToken is a word or an operator.
type shToken struct{ op, word string }

// shLexer reads tokens from a script.
type shLexer struct {
	src  string
	i    int
	env  func(string) string
	toks []shToken
}

// shLex splits src into words and operators.
func shLex(src string, env func(string) string) ([]shToken, error) {
	l := &shLexer{src: src, env: env}
	for l.i < len(l.src) {
		if err := l.next(); err != nil {
			return nil, err
		}
	}
	return l.toks, nil
}

// shOps are the operators, longest first.
var shOps = []string{"&&", "||", ">>", ";", ">", "<", "|", "&"}

// next reads one token (or skips blanks).
func (l *shLexer) next() error {
	c := l.src[l.i]
	if c == ' ' || c == '\t' || c == '\n' {
		l.i++
		return nil
	}
	if c == '#' {
		l.i = len(l.src)
		return nil
	}
	for _, op := range shOps {
		if strings.HasPrefix(l.src[l.i:], op) {
			l.i += len(op)
			l.toks = append(l.toks, shToken{op: op})
			return nil
		}
	}
	w, err := l.word()
	l.toks = append(l.toks, shToken{word: w})
	return err
}

// word reads one word, removing quotes and expanding variables.
func (l *shLexer) word() (string, error) {
	var b strings.Builder
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case strings.IndexByte(" \t\n;&|<>", c) >= 0:
			return b.String(), nil
		case c == '\'':
			end := strings.IndexByte(l.src[l.i+1:], '\'')
			if end < 0 {
				return "", errUnterminated
			}
			b.WriteString(l.src[l.i+1 : l.i+1+end])
			l.i += end + 2
		case c == '"':
			if err := l.double(&b); err != nil {
				return "", err
			}
		case c == '\\':
			if l.i+1 < len(l.src) {
				b.WriteByte(l.src[l.i+1])
			}
			l.i += 2
		case c == '$':
			b.WriteString(l.variable())
		default:
			b.WriteByte(c)
			l.i++
		}
	}
	return b.String(), nil
}

// double reads a double-quoted part.
func (l *shLexer) double(b *strings.Builder) error {
	l.i++
	for l.i < len(l.src) {
		c := l.src[l.i]
		switch {
		case c == '"':
			l.i++
			return nil
		case c == '\\' && l.i+1 < len(l.src) && strings.IndexByte("\"\\$`", l.src[l.i+1]) >= 0:
			b.WriteByte(l.src[l.i+1])
			l.i += 2
		case c == '$':
			b.WriteString(l.variable())
		default:
			b.WriteByte(c)
			l.i++
		}
	}
	return errUnterminated
}

// variable expands $NAME or ${NAME} at l.i; a lone $ stays.
func (l *shLexer) variable() string {
	rest := l.src[l.i+1:]
	if strings.HasPrefix(rest, "{") {
		if end := strings.IndexByte(rest, '}'); end > 0 {
			l.i += end + 2
			return l.env(rest[1:end])
		}
	}
	n := 0
	for n < len(rest) && (rest[n] == '_' || isAlnum(rest[n])) {
		n++
	}
	l.i += n + 1
	if n == 0 {
		return "$"
	}
	return l.env(rest[:n])
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
