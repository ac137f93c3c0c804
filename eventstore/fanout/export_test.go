package fanout

// Held reports what the tail keeps reachable: its events, including those
// dropped but still in its array, and their size as eventSize counts it.
func (s *Store) Held() (events, bytes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.tail.buf {
		bytes += eventSize(&s.tail.buf[i])
	}
	return len(s.tail.buf), bytes
}
