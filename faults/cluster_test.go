package faults

import (
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
)

// cluster is a PostgreSQL cluster of the test's own: initdb into a
// temporary folder, its own port on loopback, its socket in the folder,
// trust authentication. The machine's server is never touched, so the
// test may stop and start this one at will.
type cluster struct {
	t      *testing.T
	bindir string
	dir    string
	port   int
	// owner is the account the server programs run as: PostgreSQL
	// refuses to run as root, so under root they run as postgres.
	owner *syscall.Credential
}

// ownCluster creates and starts a cluster, stopped and removed when the
// test ends.
func ownCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{t: t, bindir: postgresBindir(t), port: freePort(t)}
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
	c.pg("initdb", "-D", c.data(), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	c.start()
	t.Cleanup(func() {
		if err := c.ctl("stop", "-m", "immediate"); err != nil && !strings.Contains(err.Error(), "not running") {
			t.Logf("stop the test's cluster: %v", err)
		}
	})
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

// url is the URL of database name on the cluster.
func (c *cluster) url(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, name)
}

// start starts the server and waits until it accepts connections. fsync
// is off: the test kills the server's processes, never the machine, and
// what they wrote is in the kernel's cache for the crash recovery.
func (c *cluster) start() {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", c.port, c.dir)
	if err := c.ctl("start", "-w", "-t", "60", "-l", filepath.Join(c.dir, "server.log"), "-o", opts); err != nil {
		c.t.Fatalf("start the test's cluster: %v\n%s", err, tail(filepath.Join(c.dir, "server.log"), 20))
	}
}

// crash stops the server at once, as a power cut of the database would:
// no checkpoint, connections dropped, crash recovery at the next start.
func (c *cluster) crash() {
	c.t.Helper()
	if err := c.ctl("stop", "-w", "-m", "immediate"); err != nil {
		c.t.Fatalf("stop the test's cluster: %v", err)
	}
}

func (c *cluster) ctl(args ...string) error {
	return c.command("pg_ctl", append([]string{"-D", c.data()}, args...)...)
}

func (c *cluster) pg(program string, args ...string) {
	c.t.Helper()
	if err := c.command(program, args...); err != nil {
		c.t.Fatal(err)
	}
}

func (c *cluster) command(program string, args ...string) error {
	cmd := exec.Command(filepath.Join(c.bindir, program), args...)
	cmd.Dir = c.dir
	if c.owner != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.owner}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s %s: %v: %s", program, strings.Join(args, " "), err, out)
	}
	return nil
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
		if isFile(filepath.Join(dir, "initdb")) && isFile(filepath.Join(dir, "pg_ctl")) && isFile(filepath.Join(dir, "postgres")) {
			return dir
		}
	}
	unavailable(t, "no PostgreSQL server programs (initdb, pg_ctl) found via pg_config --bindir or /usr/lib/postgresql/*/bin")
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
