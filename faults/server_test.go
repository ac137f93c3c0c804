package faults

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opsledger/opsledger/internal/freeport"
)

// jwtSecret signs the suite's tokens: fixed, and long enough (32 bytes
// at least) for the server to accept it.
const jwtSecret = "opsledger-fault-suite-secret-0123456789abcdef"

// logKey signs the suite's log checkpoints: serve needs one outside
// development. Fixed and public, as jwtSecret.
const logKey = "PRIVATE+KEY+opsledger+6896cda1+AaheZnpxQmRQpiRffNkB+2fgVYxVyJxPw91XtgB+e2Db"

// ledger is one opsledger installation under test: a database, a fixed
// loopback address and the environment every command of the binary runs
// with.
type ledger struct {
	t       *testing.T
	bin     string
	dbURL   string
	addr    string
	logPath string
	// extra are settings beyond the installation's (OPS_PUBSUB, say).
	extra []string
}

// newLedger prepares an installation on the database at dbURL, listening
// on a free loopback port, and migrates it and seeds the demo company,
// as an operator would before the first start.
func newLedger(t *testing.T, dbURL string) *ledger {
	t.Helper()
	l := &ledger{t: t, bin: opsledger(t), dbURL: dbURL, addr: freeport.Addr(t), logPath: filepath.Join(t.TempDir(), "opsledger.log")}
	t.Cleanup(func() { // after every server's own cleanup: the log is whole
		if t.Failed() {
			t.Logf("servers' log, last lines (%s):\n%s", l.logPath, tail(l.logPath, 40))
		}
	})
	l.run("migrate")
	l.run("seed", "--demo", "--once")
	return l
}

// env is the environment of every opsledger process: the caller's,
// without any OPS_ setting of its own, plus the installation's.
func (l *ledger) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPS_") {
			env = append(env, kv)
		}
	}
	env = append(env, "OPS_POSTGRES_URL="+l.dbURL, "OPS_HTTP_ADDR="+l.addr, "OPS_JWT_SECRET="+jwtSecret,
		"OPS_LOG_KEY="+logKey, "OPS_RATE_LIMIT=0", "OPS_IP_RATE_LIMIT=0", "OPS_LOG_LEVEL=warn",
		// The demo's dates are months old, so its deadlines fire in
		// chains for minutes and the log would never stand still for
		// the comparisons with a rebuild; deadlines have tests of their
		// own (deadlines/river, api, messaging).
		"OPS_DEADLINES=off")
	return append(env, l.extra...)
}

// run runs one opsledger command to completion, failing the test on an
// error exit.
func (l *ledger) run(args ...string) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, l.bin, args...)
	cmd.Env = l.env()
	cmd.SysProcAttr = diesWithTest()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		l.t.Fatalf("opsledger %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String()
}

// server is one running `opsledger serve` process.
type server struct {
	l      *ledger
	cmd    *exec.Cmd
	exited chan struct{}
	err    error // the process's exit, once exited is closed
}

// serve starts `opsledger serve` and waits until /readyz says ready. The
// process is killed when the test ends if it is still running.
func (l *ledger) serve() *server {
	l.t.Helper()
	logFile, err := os.OpenFile(l.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		l.t.Fatal(err)
	}
	cmd := exec.Command(l.bin, "serve")
	cmd.Env = l.env()
	cmd.SysProcAttr = diesWithTest()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		l.t.Fatalf("start opsledger serve: %v", err)
	}
	s := &server{l: l, cmd: cmd, exited: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		logFile.Close()
		close(s.exited)
	}()
	l.t.Cleanup(func() {
		s.signal(syscall.SIGKILL)
		<-s.exited
	})
	s.waitReady(60 * time.Second)
	return s
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// signal sends sig to this process (by its id), unless it has exited.
func (s *server) signal(sig syscall.Signal) {
	select {
	case <-s.exited:
	default:
		_ = s.cmd.Process.Signal(sig)
	}
}

// kill ends the process with SIGKILL, as a crash or the OOM killer
// would: no drain, no shutdown code.
func (s *server) kill() {
	s.l.t.Helper()
	s.signal(syscall.SIGKILL)
	s.wait(10 * time.Second)
}

// stop ends the process with SIGTERM and expects a clean exit.
func (s *server) stop() {
	s.l.t.Helper()
	s.signal(syscall.SIGTERM)
	s.wait(30 * time.Second)
	if s.err != nil {
		s.l.t.Fatalf("opsledger serve did not stop cleanly on SIGTERM: %v", s.err)
	}
}

func (s *server) wait(d time.Duration) {
	s.l.t.Helper()
	select {
	case <-s.exited:
	case <-time.After(d):
		s.l.t.Fatalf("opsledger serve (pid %d) still running %s after the signal", s.pid(), d)
	}
}

// waitReady polls /readyz until it answers 200 "ready".
func (s *server) waitReady(d time.Duration) {
	s.l.t.Helper()
	deadline := time.Now().Add(d)
	last := "no answer"
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			s.l.t.Fatalf("opsledger serve exited before ready: %v\n%s", s.err, tail(s.l.logPath, 40))
		default:
		}
		status, body, err := get(s.l.addr, "/readyz", "")
		if err == nil && status == http.StatusOK && strings.Contains(string(body), `"ready"`) {
			return
		}
		last = fmt.Sprintf("status %d %s %v", status, body, err)
		time.Sleep(100 * time.Millisecond)
	}
	s.l.t.Fatalf("opsledger serve not ready after %s: %s", d, last)
}

// rssKiB is the process's resident memory (VmRSS) in KiB.
func (s *server) rssKiB() (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.pid()))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, errors.New("no VmRSS in /proc/status")
}

// diesWithTest makes a child process get SIGKILL when the test process
// dies (a timeout, an interrupt), so no server outlives the suite.
func diesWithTest() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// tail is the last n lines of the file at path.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
