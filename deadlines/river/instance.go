package river

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// InstanceID is a River client id naming this process: its host, its
// process id and its start, so River's leader row and a job's attempts
// say which instance holds the scheduler and which fired the deadline.
func InstanceID(started time.Time) string {
	host, _ := os.Hostname()
	host = strings.NewReplacer(".", "_", "-", "_", ":", "_").Replace(host)
	if len(host) > 40 {
		host = host[:40]
	}
	return fmt.Sprintf("%s_pid%d_%s", host, os.Getpid(), strings.ReplaceAll(started.UTC().Format("2006_01_02T15_04_05.000000"), ".", "_"))
}
