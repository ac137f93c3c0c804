package export

import (
	"strings"

	"github.com/munnerz/goautoneg"
)

// Format is an export's file format.
type Format string

// The formats an export writes.
const (
	NDJSON  Format = "ndjson"
	CSV     Format = "csv"
	Parquet Format = "parquet"
)

// Formats lists the formats, the first being the default.
var Formats = []Format{NDJSON, CSV, Parquet}

// mediaTypes are the formats' media types, in Formats' order.
var mediaTypes = map[Format]string{
	NDJSON:  "application/x-ndjson",
	CSV:     "text/csv",
	Parquet: "application/vnd.apache.parquet",
}

// ParseFormat reads a format's name.
func ParseFormat(name string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(name, string(f)) {
			return f, nil
		}
	}
	return "", badQuery("format", "no format %q (the formats are ndjson, csv and parquet)", name)
}

// MediaType is what an HTTP response in the format says it holds.
func (f Format) MediaType() string {
	if f == CSV {
		return mediaTypes[CSV] + "; charset=utf-8; header=present"
	}
	return mediaTypes[f]
}

// MediaTypes lists the media types an export can be asked for by.
func MediaTypes() []string {
	out := make([]string, len(Formats))
	for i, f := range Formats {
		out[i] = mediaTypes[f]
	}
	return out
}

// Negotiate picks the format an HTTP Accept header asks for: NDJSON when
// it asks for nothing in particular, false when it accepts none of them.
func Negotiate(accept string) (Format, bool) {
	if strings.TrimSpace(accept) == "" {
		return NDJSON, true
	}
	chosen := goautoneg.Negotiate(accept, MediaTypes())
	for f, mt := range mediaTypes {
		if mt == chosen {
			return f, true
		}
	}
	return "", false
}
