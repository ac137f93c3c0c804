package commands

// DefaultAggregateCache is how many streams the command side keeps folded
// between commands unless WithAggregateCache says otherwise.
const DefaultAggregateCache = 20000

// maxCachedKeys bounds the idempotency keys the cache holds over all its
// streams (roughly 100 bytes each), so a few long streams of keyed
// commands cannot grow it without limit.
const maxCachedKeys = 1 << 20

// defaultAggregateCache is what New uses; the tests' -nocache flag sets it
// to 0 to run the whole suite without the cache.
var defaultAggregateCache = DefaultAggregateCache

// Option configures the command side at construction (New).
type Option func(*config)

type config struct {
	cachedStreams int
	regulations   Regulations
	snapshots     snapshotConfig
}

// WithAggregateCache keeps the folded state of up to streams recently
// used streams in memory, so a command on a hot stream skips reading and
// folding it; 0 turns the cache off. It is safe with other writers (other
// processes) on the same store: see repository.Update.
func WithAggregateCache(streams int) Option {
	return func(c *config) { c.cachedStreams = streams }
}

// WithRegulations gives the effective-dated regulation versions the
// decisions apply. A regulation left nil applies its default.
func WithRegulations(r Regulations) Option {
	return func(c *config) { c.regulations = r }
}
