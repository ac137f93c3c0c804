package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// version and revision can be set at build time, where the build has no
// VCS information (a Docker build context without .git):
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.revision=$(git rev-parse HEAD)"
//
// Otherwise they come from the build information Go records.
var version, revision string

// versionLine is what `opsledger version` prints, such as
// "opsledger v1.2.0 (revision 0123abcd, 2026-12-06T10:00:00Z, modified) go1.26.8 linux/amd64".
func versionLine() string {
	v, details := version, []string{}
	info, ok := debug.ReadBuildInfo()
	if ok && v == "" {
		v = info.Main.Version // "(devel)" for a build from a work tree
	}
	rev, settings := revision, map[string]string{}
	if ok {
		for _, s := range info.Settings {
			settings[s.Key] = s.Value
		}
	}
	if rev == "" {
		rev = settings["vcs.revision"]
	}
	if rev != "" {
		details = append(details, "revision "+rev)
	}
	if t := settings["vcs.time"]; t != "" {
		details = append(details, t)
	}
	if settings["vcs.modified"] == "true" {
		details = append(details, "modified")
	}
	if v == "" {
		v = "(unknown)"
	}
	line := "opsledger " + v
	if len(details) > 0 {
		line += " (" + strings.Join(details, ", ") + ")"
	}
	return fmt.Sprintf("%s %s %s/%s", line, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
