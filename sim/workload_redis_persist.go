package sim

import (
	"errors"
	"io/fs"
	"strconv"
	"time"

	"github.com/stsim/stsim/api"
)

// Persistence: SAVE, BGSAVE in a forked child, save points.

// redisChild is a forked child writing an RDB snapshot.
type redisChild struct {
	pid     int
	data    []byte
	dirty   int64 // the parent's dirty count at the fork
	offset  int64 // the replication offset at the fork
	forSync bool  // started to feed replicas (BGSAVE for SYNC)
	timer   *Timer
}

// encode returns the dataset as an RDB file.
func (s *redisServer) encode() []byte {
	aux := []rdbAux{
		{"redis-ver", s.ver.version},
		{"redis-bits", "64"},
		{"ctime", strconv.FormatInt(s.p.Time().Unix(), 10)},
		{"used-mem", strconv.Itoa(860000 + 64*len(s.db))},
	}
	if s.repl.backlog || s.repl.masterHost != "" {
		aux = append(aux, rdbAux{"repl-stream-db", "0"}, rdbAux{"repl-id", s.repl.replID},
			rdbAux{"repl-offset", strconv.FormatInt(s.repl.offset, 10)})
	}
	aux = append(aux, rdbAux{"aof-preamble", "0"})
	return encodeRDB(s.ver.rdb, aux, s.db)
}

// saveSync is rdbSave: write the file now.
func (s *redisServer) saveSync() error {
	if err := s.writeRDB(redisPid, s.encode()); err != nil {
		return err
	}
	s.log(redisNotice, "DB saved on disk")
	s.dirty, s.lastSave, s.bgsaveOK = 0, s.p.Now(), true
	return nil
}

// writeRDB writes the file, logging a failure as process pid does.
func (s *redisServer) writeRDB(pid int, data []byte) error {
	err := s.p.WriteFile(s.rdbPath(), data)
	if err != nil {
		why := "No such file or directory"
		if errors.Is(err, ErrReadOnly) {
			why = "Read-only file system"
		} else if !errors.Is(err, fs.ErrNotExist) {
			why = err.Error()
		}
		role := byte('C')
		if pid == redisPid {
			role = 'M'
		}
		s.logAs(pid, role, redisWarning, "Failed opening the RDB file %s (in server root dir %s) for saving: %s", s.conf.dbfilename, s.dir(), why)
	}
	return err
}

// bgsave forks a child that writes the snapshot of now.
func (s *redisServer) bgsave(forSync bool) {
	s.lastPid++
	s.lastTry = s.p.Now()
	ch := &redisChild{pid: s.lastPid, data: s.encode(), dirty: s.dirty, offset: s.repl.offset, forSync: forSync}
	s.child = ch
	s.log(redisNotice, "Background saving started by pid %d", ch.pid)
	d := time.Millisecond + time.Duration(len(ch.data))*10*time.Nanosecond // ~100 MB/s
	ch.timer = s.p.After(d, func() { s.childWritten(ch) })
}

// childWritten is the child writing its file and exiting; the parent
// notices at its next cron tick (hz 10).
func (s *redisServer) childWritten(ch *redisChild) {
	err := s.writeRDB(ch.pid, ch.data)
	if err == nil {
		s.logAs(ch.pid, 'C', redisNotice, "DB saved on disk")
		if s.ver.major >= 7 {
			s.logAs(ch.pid, 'C', redisNotice, "Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB")
		} else {
			s.logAs(ch.pid, 'C', redisNotice, "RDB: 0 MB of memory used by copy-on-write")
		}
	}
	tick := 100 * time.Millisecond
	wait := tick - (s.p.Now()-s.started)%tick
	ch.timer = s.p.After(wait, func() { s.childReaped(ch, err == nil) })
}

// childReaped is backgroundSaveDoneHandler.
func (s *redisServer) childReaped(ch *redisChild, ok bool) {
	if s.child != ch {
		return
	}
	s.child = nil
	s.bgsaveOK = ok
	if ok {
		s.log(redisNotice, "Background saving terminated with success")
		s.dirty -= ch.dirty
		s.lastSave = s.p.Now()
	} else {
		s.log(redisWarning, "Background saving error")
	}
	s.syncDone(ch, ok)
}

// cronSave starts a BGSAVE when a save point is reached: at least CHANGES
// changes and more than SECONDS seconds since the last save (after a
// failed BGSAVE, 5 seconds since it was tried).
func (s *redisServer) cronSave() {
	if s.child != nil {
		return
	}
	now := s.p.Time().Unix()
	last := api.Epoch.Add(s.lastSave).Unix()
	retry := api.Epoch.Add(s.lastTry).Unix()
	for _, sp := range s.conf.save {
		if s.dirty >= sp.changes && now-last > sp.seconds && (s.bgsaveOK || now-retry > 5) {
			s.log(redisNotice, "%d changes in %d seconds. Saving...", sp.changes, sp.seconds)
			s.bgsave(false)
			return
		}
	}
}

// killChild kills the BGSAVE in progress; replicas waiting for it are
// dropped (they reconnect and resync).
func (s *redisServer) killChild() {
	ch := s.child
	if ch == nil {
		return
	}
	ch.timer.Stop()
	s.child = nil
	s.syncDone(ch, false)
}
