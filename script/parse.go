package script

import (
	"fmt"
	"strings"
)

// Command is one command of a script.
type Command struct {
	// Line is the 1-based line the command starts on.
	Line int
	// Args are the command's words; Args[0] names the command.
	Args []string
	// Body is the text of the command's heredoc, taken verbatim.
	Body string
	// Heredoc reports whether the command has a heredoc (its Body may be
	// empty).
	Heredoc bool
	// Err is a syntax error of the command's line: the runner reports it
	// in place of running the command.
	Err error
}

// String renders the command's words quoted so that Parse reads them back.
func (c Command) String() string { return Quote(c.Args) }

// Parse splits a script into commands. It never fails as a whole: a line
// with a syntax error becomes a Command whose Err is set, so that the
// runner reports it in place and goes on. Blank lines and comments make no
// command.
func Parse(src string) []Command {
	l := &lexer{src: src, line: 1}
	var cmds []Command
	for l.pos < len(l.src) {
		if cmd, ok := l.command(); ok {
			cmds = append(cmds, cmd)
		}
	}
	return cmds
}

// command reads one command: its words up to the first newline outside
// quotes, then its heredoc body if it has one.
func (l *lexer) command() (Command, bool) {
	cmd := Command{Line: l.line}
	delim, err := l.words(&cmd)
	if err == nil && delim != "" {
		cmd.Heredoc = true
		cmd.Body, err = l.heredoc(delim, cmd.Line)
	}
	cmd.Err = err
	if err != nil {
		cmd.Err = fmt.Errorf("line %d: %w", cmd.Line, err)
	}
	return cmd, len(cmd.Args) > 0 || err != nil
}

// heredoc reads lines up to one that holds only delim.
func (l *lexer) heredoc(delim string, line int) (string, error) {
	var b strings.Builder
	for l.pos < len(l.src) {
		end := strings.IndexByte(l.src[l.pos:], '\n')
		text := l.src[l.pos:]
		if end >= 0 {
			text = l.src[l.pos : l.pos+end+1]
		}
		l.pos += len(text)
		l.line++
		if strings.TrimSpace(text) == delim {
			return b.String(), nil
		}
		b.WriteString(text)
	}
	return b.String(), fmt.Errorf("here-document at line %d delimited by end-of-file (wanted `%s')", line, delim)
}

// Quote renders words so that Parse splits them back into the same words:
// a word that needs it is single-quoted.
func Quote(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = quoteWord(w)
	}
	return strings.Join(out, " ")
}

func quoteWord(w string) string {
	if w != "" && !strings.ContainsAny(w, " \t\r\n'\"\\#<") {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
