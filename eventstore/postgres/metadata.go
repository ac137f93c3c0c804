package postgres

import (
	"encoding/json"

	"github.com/opsledger/opsledger/eventstore"
)

// decodeMetadata parses the stored metadata JSON.
func decodeMetadata(b []byte) (eventstore.Metadata, error) {
	var m eventstore.Metadata
	if len(b) == 0 {
		return m, nil
	}
	err := json.Unmarshal(b, &m)
	return m, err
}
