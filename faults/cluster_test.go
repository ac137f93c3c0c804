package faults

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/opsledger/opsledger/internal/freeport"
)

// cluster is a PostgreSQL cluster of the test's own: initdb into a
// temporary folder, its own port on loopback, its socket in the folder,
// trust authentication. The machine's server is never touched, so the
// test may stop and start this one at will.
//
// The postmaster runs as the test's child, not daemonized by pg_ctl, and
// gets SIGQUIT (PostgreSQL's immediate shutdown) if the test process
// dies: a test killed by its timeout leaves no cluster running.
type cluster struct {
	t      *testing.T
	bindir string
	dir    string
	port   int
	// owner is the account the server programs run as: PostgreSQL
	// refuses to run as root, so under root they run as postgres.
	owner *syscall.Credential

	postmaster *exec.Cmd
	exited     chan struct{} // closed when postmaster has exited
}

// ownCluster creates and starts a cluster, stopped and removed when the
// test ends.
func ownCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{t: t, bindir: postgresBindir(t), port: freeport.Port(t)}
	dir, err := os.MkdirTemp("", "opsledger-faults-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c.dir = dir
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		c.owner = postgresAccount(t)
		if err := os.Chown(dir, int(c.owner.Uid), int(c.owner.Gid)); err != nil {
			t.Fatal(err)
		}
	}
	c.initdb()
	c.start()
	t.Cleanup(c.crash)
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

// url is the URL of database name on the cluster.
func (c *cluster) url(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, name)
}

func (c *cluster) initdb() {
	c.t.Helper()
	cmd := c.command("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	if out, err := cmd.CombinedOutput(); err != nil {
		c.t.Fatalf("initdb: %v\n%s", err, out)
	}
}

// start starts the postmaster and waits until it accepts connections.
// fsync is off: the test kills the server's processes, never the
// machine, and what they wrote is in the kernel's cache for the crash
// recovery.
func (c *cluster) start() {
	c.t.Helper()
	logPath := filepath.Join(c.dir, "server.log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := c.command("postgres", "-D", c.data(), "-p", strconv.Itoa(c.port), "-k", c.dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200")
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		c.t.Fatalf("start postgres: %v", err)
	}
	c.postmaster, c.exited = cmd, make(chan struct{})
	exited := c.exited
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(exited)
	}()
	c.waitAccepting(60*time.Second, logPath)
}

// waitAccepting waits until a connection succeeds: through the crash
// recovery after an immediate stop, the server refuses them (57P03).
func (c *cluster) waitAccepting(d time.Duration, logPath string) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, c.url("postgres"))
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return
		}
		select {
		case <-c.exited:
			c.t.Fatalf("postgres exited at start: %v\n%s", err, tail(logPath, 20))
		default:
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("postgres does not accept connections after %s: %v\n%s", d, err, tail(logPath, 20))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// crash stops the server at once, as `pg_ctl stop -m immediate` does
// (SIGQUIT to the postmaster): no checkpoint, connections dropped, crash
// recovery at the next start.
func (c *cluster) crash() {
	c.t.Helper()
	select {
	case <-c.exited:
		return
	default:
	}
	_ = c.postmaster.Process.Signal(syscall.SIGQUIT)
	select {
	case <-c.exited:
	case <-time.After(30 * time.Second):
		_ = c.postmaster.Process.Kill()
		c.t.Fatalf("postgres (pid %d) still running 30s after SIGQUIT", c.postmaster.Process.Pid)
	}
}

// command runs one of the server programs as the cluster's owner.
func (c *cluster) command(program string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bindir, program), args...)
	cmd.Dir = c.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.owner}
	return cmd
}

// postgresBindir finds the PostgreSQL server programs: pg_config's
// --bindir, else the newest Debian /usr/lib/postgresql/<version>/bin.
func postgresBindir(t *testing.T) string {
	t.Helper()
	var candidates []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	debian, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(debian, func(a, b string) int { return majorVersion(b) - majorVersion(a) })
	candidates = append(candidates, debian...)
	for _, dir := range candidates {
		if isFile(filepath.Join(dir, "initdb")) && isFile(filepath.Join(dir, "postgres")) {
			return dir
		}
	}
	unavailable(t, "no PostgreSQL server programs (initdb, postgres) found via pg_config --bindir or /usr/lib/postgresql/*/bin")
	return ""
}

func majorVersion(bindir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bindir)))
	return n
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// postgresAccount is the postgres account the server programs run as
// when the test runs as root.
func postgresAccount(t *testing.T) *syscall.Credential {
	t.Helper()
	u, err := user.Lookup("postgres")
	if err != nil {
		unavailable(t, "running as root and there is no postgres account to run the test's cluster as: "+err.Error())
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}
