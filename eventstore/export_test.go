package eventstore

import "reflect"

// CodecTypeOf returns the Go type c decodes eventType into, for the
// codec's tests.
func CodecTypeOf(c *Codec, eventType string) reflect.Type {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.types[eventType]
}
