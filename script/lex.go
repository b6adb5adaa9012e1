package script

import (
	"errors"
	"strings"
)

// lexer splits a script into words as a POSIX shell does: blanks separate
// words; single quotes keep everything literally; in double quotes a
// backslash escapes only $ ` " \ and newline; outside quotes a backslash
// escapes any character and a backslash-newline joins lines; `#` at the
// start of a word starts a comment; `<<WORD` starts a heredoc.
type lexer struct {
	src  string
	pos  int
	line int
}

// Syntax errors.
var (
	errOpenSingle = errors.New("unterminated single quote")
	errOpenDouble = errors.New("unterminated double quote")
	errNoDelim    = errors.New("syntax error: heredoc without a delimiter word")
	errTwoDocs    = errors.New("syntax error: more than one heredoc")
)

// words reads the words of one command into cmd.Args, up to and including
// the newline that ends it, and returns its heredoc delimiter, if any. On
// an error the rest of the line is skipped.
func (l *lexer) words(cmd *Command) (string, error) {
	delim := ""
	for l.pos < len(l.src) {
		switch c := l.src[l.pos]; {
		case c == '\n':
			l.pos++
			l.line++
			return delim, nil
		case c == ' ' || c == '\t' || c == '\r':
			l.pos++
		case strings.HasPrefix(l.src[l.pos:], "\\\n"):
			l.pos += 2 // a line continuation between words
			l.line++
		case c == '#':
			l.skipLine()
		case strings.HasPrefix(l.src[l.pos:], "<<"):
			if delim != "" {
				l.skipLine()
				return "", errTwoDocs
			}
			d, err := l.delimiter()
			if err != nil {
				l.skipLine()
				return "", err
			}
			delim = d
		default:
			w, err := l.word()
			if err != nil {
				l.skipLine()
				return "", err
			}
			cmd.Args = append(cmd.Args, w)
		}
	}
	return delim, nil
}

// skipLine moves to the newline that ends the current line.
func (l *lexer) skipLine() {
	if end := strings.IndexByte(l.src[l.pos:], '\n'); end >= 0 {
		l.pos += end
		return
	}
	l.pos = len(l.src)
}

// delimiter reads `<<WORD`, `<< WORD`, `<<-WORD` or a quoted WORD.
func (l *lexer) delimiter() (string, error) {
	l.pos += 2
	if strings.HasPrefix(l.src[l.pos:], "-") {
		l.pos++
	}
	for l.pos < len(l.src) && (l.src[l.pos] == ' ' || l.src[l.pos] == '\t') {
		l.pos++
	}
	if l.pos >= len(l.src) || strings.IndexByte("\r\n#", l.src[l.pos]) >= 0 {
		return "", errNoDelim
	}
	d, err := l.word()
	if err == nil && d == "" {
		err = errNoDelim
	}
	return d, err
}

// word reads one word, removing its quotes and escapes.
func (l *lexer) word() (string, error) {
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch c {
		case ' ', '\t', '\r', '\n':
			return b.String(), nil
		case '\'':
			if err := l.single(&b); err != nil {
				return "", err
			}
		case '"':
			if err := l.double(&b); err != nil {
				return "", err
			}
		case '\\':
			l.escape(&b)
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return b.String(), nil
}

// escape handles a backslash outside quotes.
func (l *lexer) escape(b *strings.Builder) {
	l.pos++
	if l.pos >= len(l.src) {
		return
	}
	if l.src[l.pos] == '\n' {
		l.line++ // a line continuation
	} else {
		b.WriteByte(l.src[l.pos])
	}
	l.pos++
}

// single reads a single-quoted part.
func (l *lexer) single(b *strings.Builder) error {
	end := strings.IndexByte(l.src[l.pos+1:], '\'')
	if end < 0 {
		l.pos = len(l.src)
		return errOpenSingle
	}
	part := l.src[l.pos+1 : l.pos+1+end]
	l.line += strings.Count(part, "\n")
	b.WriteString(part)
	l.pos += end + 2
	return nil
}

// double reads a double-quoted part.
func (l *lexer) double(b *strings.Builder) error {
	for l.pos++; l.pos < len(l.src); l.pos++ {
		c := l.src[l.pos]
		switch {
		case c == '"':
			l.pos++
			return nil
		case c == '\\' && l.pos+1 < len(l.src) && strings.IndexByte("$`\"\\\n", l.src[l.pos+1]) >= 0:
			l.pos++
			if l.src[l.pos] == '\n' {
				l.line++
				continue
			}
			b.WriteByte(l.src[l.pos])
		default:
			if c == '\n' {
				l.line++
			}
			b.WriteByte(c)
		}
	}
	return errOpenDouble
}
