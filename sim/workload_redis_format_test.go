package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRedisCLIFormatsRepliesAsOnATerminal: redis-cli's cliFormatReplyTTY
// (redis 5.0.14 src/redis-cli.c): status as is, errors after "(error) ",
// integers after "(integer) ", strings quoted by sdscatrepr, nil as
// "(nil)", arrays numbered with the index width of the largest index and
// nested arrays indented by that width plus two.
func TestRedisCLIFormatsRepliesAsOnATerminal(t *testing.T) {
	ten := make([]redisReply, 10)
	for i := range ten {
		ten[i] = replyInt(int64(i))
	}
	for _, tc := range []struct {
		name string
		r    redisReply
		want string
	}{
		{"status", replyOK(), "OK\n"},
		{"error", replyError("READONLY You can't write against a read only replica."), "(error) READONLY You can't write against a read only replica.\n"},
		{"integer", replyInt(1), "(integer) 1\n"},
		{"bulk", replyBulk("111"), "\"111\"\n"},
		{"escapes", replyBulk("a\"b\\c\n\r\t\x01\xff"), `"a\"b\\c\n\r\t\x01\xff"` + "\n"},
		{"nil", replyNil(), "(nil)\n"},
		{"empty", replyArray(), "(empty list or set)\n"},
		{"array", replyArray(replyBulk("a"), replyBulk("b")), "1) \"a\"\n2) \"b\"\n"},
		{"width", replyArray(ten...), " 1) (integer) 0\n 2) (integer) 1\n 3) (integer) 2\n 4) (integer) 3\n 5) (integer) 4\n" +
			" 6) (integer) 5\n 7) (integer) 6\n 8) (integer) 7\n 9) (integer) 8\n10) (integer) 9\n"},
		{"role", replyArray(replyBulk("master"), replyInt(42), replyArray(
			replyArray(replyBulk("10.244.2.2"), replyBulk("6379"), replyBulk("42")),
			replyArray(replyBulk("10.244.3.2"), replyBulk("6379"), replyBulk("28")))),
			"1) \"master\"\n2) (integer) 42\n3) 1) 1) \"10.244.2.2\"\n      2) \"6379\"\n      3) \"42\"\n" +
				"   2) 1) \"10.244.3.2\"\n      2) \"6379\"\n      3) \"28\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.r.formatTTY("", "(empty list or set)"))
		})
	}
}

// TestRedisCLIRawFormat: --raw prints values bare, one per line, nil as
// nothing (cliFormatReplyRaw).
func TestRedisCLIRawFormat(t *testing.T) {
	assert.Equal(t, "111", replyBulk("111").formatRaw())
	assert.Equal(t, "", replyNil().formatRaw())
	assert.Equal(t, "1", replyInt(1).formatRaw())
	assert.Equal(t, "a\nb", replyArray(replyBulk("a"), replyBulk("b")).formatRaw())
	assert.Equal(t, "ERR x\n", replyError("ERR x").formatRaw())
}

// TestRespLen: the replication offset grows by the RESP size of each
// command ("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$3\r\n111\r\n" is 29 bytes).
func TestRespLen(t *testing.T) {
	assert.Equal(t, int64(29), respLen([]string{"SET", "a", "111"}))
	assert.Equal(t, int64(14), respLen([]string{"PING"}))
	assert.Equal(t, int64(23), respLen([]string{"SELECT", "0"}))
}

// TestRedisKeyPatterns is stringmatchlen: *, ?, [abc], [^a], [a-c], \x.
func TestRedisKeyPatterns(t *testing.T) {
	for _, tc := range []struct {
		pattern, key string
		want         bool
	}{
		{"*", "anything", true}, {"a*", "abc", true}, {"a*", "ba", false}, {"h?llo", "hello", true},
		{"h?llo", "hllo", false}, {"h[ae]llo", "hallo", true}, {"h[ae]llo", "hillo", false},
		{"h[^e]llo", "hallo", true}, {"h[^e]llo", "hello", false}, {"h[a-b]llo", "hbllo", true},
		{`h\*llo`, "h*llo", true}, {`h\*llo`, "hello", false}, {"*b*", "abc", true}, {"", "", true},
	} {
		assert.Equal(t, tc.want, redisMatch(tc.pattern, tc.key), "%q ~ %q", tc.pattern, tc.key)
	}
}

// TestImagePatterns: bindings match image references as Docker
// normalizes them.
func TestImagePatterns(t *testing.T) {
	for _, tc := range []struct {
		pattern, image string
		want           bool
	}{
		{"redis:*", "redis:5-alpine", true}, {"redis:*", "docker.io/library/redis:7", true},
		{"redis:*", "redis", true}, {"redis:*", "bitnami/redis:7.2", false}, {"redis:*", "redisinsight:1", false},
		{"*/redis:*", "bitnami/redis:7.2", true}, {"busybox", "busybox:latest", true}, {"busybox:1.36", "busybox", false},
	} {
		got := globMatch(normalizeImage(tc.pattern), normalizeImage(tc.image))
		assert.Equal(t, tc.want, got, "%q ~ %q", tc.pattern, tc.image)
	}
}

// TestRedisVersionOfImage: the tag picks the simulated version.
func TestRedisVersionOfImage(t *testing.T) {
	assert.Equal(t, "5.0.14", redisVersionOf("redis:5-alpine").version)
	assert.Equal(t, "6.2.14", redisVersionOf("redis:6.2").version)
	assert.Equal(t, "7.2.4", redisVersionOf("redis").version)
	assert.Equal(t, 11, redisVersionOf("redis:7").rdb)
}

// TestRedisArgs: the docker entrypoint's `redis-server ARGS`.
func TestRedisArgs(t *testing.T) {
	c := parseRedisArgs([]string{"redis-server", "--replicaof", "redis-0.redis", "6379", "--save", "", "--port", "7000"})
	assert.Equal(t, "redis-0.redis 6379", c.replicaOf)
	assert.Empty(t, c.save)
	assert.Equal(t, 7000, c.port)
	assert.True(t, c.args)
	d := parseRedisArgs(nil)
	assert.Equal(t, "3600 1 300 100 60 10000", d.saveString())
	assert.False(t, d.args)
}
