package observability

import (
	"runtime"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
)

// newBuildInfo is opsledger_build_info: always 1, labelled with the
// module version, the VCS revision the binary was built from (and
// whether the tree was modified) and the Go version, so a dashboard can
// tell which build each instance runs.
func newBuildInfo() prometheus.Collector {
	version, revision, modified := "(devel)", "unknown", "false"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "opsledger_build_info", Help: "The build of this instance (always 1).",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "modified": modified, "goversion": runtime.Version()},
	})
	g.Set(1)
	return g
}
