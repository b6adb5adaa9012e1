package script

import (
	"slices"
	"strings"
	"testing"
)

// TestParse checks the grammar of the script contract: POSIX-like word
// splitting with quotes and backslash escapes, # comments, blank lines and
// heredocs.
func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []Command
	}{
		{"words", "get pods  -o\twide\n", []Command{{Line: 1, Args: []string{"get", "pods", "-o", "wide"}}}},
		{"no final newline", "run", []Command{{Line: 1, Args: []string{"run"}}}},
		{"comments and blanks", "# c\n\n  # c\nrun # trailing\n", []Command{{Line: 4, Args: []string{"run"}}}},
		{"hash inside a word", "echo a#b\n", []Command{{Line: 1, Args: []string{"echo", "a#b"}}}},
		{"single quotes", `echo 'a "b" \c $d'`, []Command{{Line: 1, Args: []string{"echo", `a "b" \c $d`}}}},
		{"double quotes", `echo "a \"b\" \c \$d 'e'"`, []Command{{Line: 1, Args: []string{"echo", `a "b" \c $d 'e'`}}}},
		{"empty words", `echo '' ""`, []Command{{Line: 1, Args: []string{"echo", "", ""}}}},
		{"adjacent parts join", `echo a'b'"c"\ d`, []Command{{Line: 1, Args: []string{"echo", "abc d"}}}},
		{"continuation", "echo a \\\n  b\nrun\n", []Command{{Line: 1, Args: []string{"echo", "a", "b"}}, {Line: 3, Args: []string{"run"}}}},
		{"continuation in a word", "echo a\\\nb\n", []Command{{Line: 1, Args: []string{"echo", "ab"}}}},
		{"quoted newline", "echo 'a\nb'\nrun\n", []Command{{Line: 1, Args: []string{"echo", "a\nb"}}, {Line: 3, Args: []string{"run"}}}},
		{"heredoc", "apply <<EOF\nkind: X\n# kept\nEOF\nrun\n",
			[]Command{{Line: 1, Args: []string{"apply"}, Heredoc: true, Body: "kind: X\n# kept\n"}, {Line: 5, Args: []string{"run"}}}},
		{"heredoc forms", "apply << 'END' -n x\nbody\n  END  \n",
			[]Command{{Line: 1, Args: []string{"apply", "-n", "x"}, Heredoc: true, Body: "body\n"}}},
		{"empty heredoc", "apply <<-EOF\nEOF\n", []Command{{Line: 1, Args: []string{"apply"}, Heredoc: true}}},
		{"crlf", "get pods\r\nrun\r\n", []Command{{Line: 1, Args: []string{"get", "pods"}}, {Line: 2, Args: []string{"run"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Parse(tc.src)
			if !sameCommands(got, tc.want) {
				t.Errorf("Parse(%q) =\n%#v\nwant\n%#v", tc.src, got, tc.want)
			}
		})
	}
}

func sameCommands(a, b []Command) bool {
	return slices.EqualFunc(a, b, func(x, y Command) bool {
		return x.Line == y.Line && slices.Equal(x.Args, y.Args) && x.Body == y.Body && x.Heredoc == y.Heredoc && (x.Err == nil) == (y.Err == nil)
	})
}

// TestParseErrors checks that a syntax error becomes a command with Err,
// reported at its line, and that parsing goes on after it where it can.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src, err string
		after          int // commands after the bad one
	}{
		{"open single quote", "echo 'a\nrun\n", "line 1: unterminated single quote", 0},
		{"open double quote", "run\necho \"a\n", "line 2: unterminated double quote", 0},
		{"heredoc without delimiter", "apply <<\nrun\n", "line 1: syntax error: heredoc without a delimiter word", 1},
		{"two heredocs", "apply <<A <<B\nrun\n", "line 1: syntax error: more than one heredoc", 1},
		{"unterminated heredoc", "apply <<EOF\nkind: X\n", "line 1: here-document at line 1 delimited by end-of-file (wanted `EOF')", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmds := Parse(tc.src)
			i := slices.IndexFunc(cmds, func(c Command) bool { return c.Err != nil })
			if i < 0 {
				t.Fatalf("no error in %#v", cmds)
			}
			if cmds[i].Err.Error() != tc.err {
				t.Errorf("error %q, want %q", cmds[i].Err, tc.err)
			}
			if got := len(cmds) - i - 1; got != tc.after {
				t.Errorf("%d commands after the error, want %d", got, tc.after)
			}
		})
	}
}

// TestQuoteRoundTrip: Quote renders words that Parse splits back into the
// same words.
func TestQuoteRoundTrip(t *testing.T) {
	for _, words := range [][]string{
		{"get", "pods"},
		{"echo", "", "a b", "it's", `"q"`, `back\slash`, "#x", "<<EOF", "tab\there", "new\nline", "$HOME"},
	} {
		cmds := Parse(Quote(words))
		if len(cmds) != 1 || !slices.Equal(cmds[0].Args, words) {
			t.Errorf("Parse(Quote(%q)) = %#v", words, cmds)
		}
	}
}

// FuzzParse: Parse never panics, line numbers grow, and the words of every
// well-formed command survive Quote and Parse.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"get pods -o wide\n", "echo 'a b' \"c\\\"d\" e\\ f # c\n", "apply <<EOF\nkind: X\nEOF\nrun\n",
		"echo a \\\n b\n", "apply <<'E'\nE", "echo '", "exec p -- sh -c 'echo x > /f'\n", "\r\n#\n\\",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		cmds := Parse(src)
		last := 0
		for _, c := range cmds {
			if c.Line < last || c.Line < 1 {
				t.Fatalf("line %d after line %d", c.Line, last)
			}
			last = c.Line
			if c.Err != nil || len(c.Args) == 0 {
				continue
			}
			back := Parse(Quote(c.Args))
			if len(back) != 1 || !slices.Equal(back[0].Args, c.Args) {
				t.Fatalf("words %q do not survive Quote: %q gives %#v", c.Args, Quote(c.Args), back)
			}
		}
		if n := strings.Count(src, "\n") + 1; last > n {
			t.Fatalf("line %d beyond the %d lines of the source", last, n)
		}
	})
}
