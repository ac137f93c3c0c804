package verify

import (
	"context"
	"sync"
)

// pager reads a sequence page by page on a goroutine of its own, a page
// ahead of its reader, so reading the store overlaps hashing.
type pager[T any] struct {
	pages <-chan page[T]
	// fetch, when set instead of pages, reads the next page on the
	// reader's goroutine (onDemand).
	fetch func() ([]T, error)
	buf   []T
	at    int
	err   error
	done  bool
}

// onDemand reads with fetch on the reader's goroutine, a page when the
// last is used up: for sequences read rarely, which would hold a
// connection each for little gain if they read ahead.
func onDemand[T any](ctx context.Context, fetch func(context.Context) ([]T, error)) *pager[T] {
	return &pager[T]{fetch: func() ([]T, error) { return fetch(ctx) }}
}

type page[T any] struct {
	items []T
	err   error
}

// prefetch starts reading with fetch, which returns the next page (none
// at the end), until the end, an error or ctx's end; running counts the
// reading goroutine, so whoever ends ctx can wait for it.
func prefetch[T any](ctx context.Context, running *sync.WaitGroup, fetch func(context.Context) ([]T, error)) *pager[T] {
	pages := make(chan page[T], 2)
	running.Add(1)
	go func() {
		defer running.Done()
		defer close(pages)
		for {
			items, err := fetch(ctx)
			select {
			case pages <- page[T]{items: items, err: err}:
			case <-ctx.Done():
				return
			}
			if err != nil || len(items) == 0 {
				return
			}
		}
	}()
	return &pager[T]{pages: pages}
}

// peek returns the next item without taking it; false at the end.
func (p *pager[T]) peek() (T, bool, error) {
	for p.at == len(p.buf) && !p.done {
		pg, ok := p.nextPage()
		switch {
		case !ok:
			p.done = true
		case pg.err != nil:
			p.done, p.err = true, pg.err
		case len(pg.items) == 0:
			p.done = true
		default:
			p.buf, p.at = pg.items, 0
		}
	}
	var zero T
	if p.at == len(p.buf) {
		return zero, false, p.err
	}
	return p.buf[p.at], true, nil
}

// next takes the next item; false at the end.
func (p *pager[T]) next() (T, bool, error) {
	item, ok, err := p.peek()
	if ok {
		p.at++
	}
	return item, ok, err
}

// takeBatch takes the rest of the current page (at least one item, false
// at the end).
func (p *pager[T]) takeBatch() ([]T, bool, error) {
	if _, ok, err := p.peek(); !ok {
		return nil, false, err
	}
	b := p.buf[p.at:]
	p.at = len(p.buf)
	return b, true, nil
}

func (p *pager[T]) nextPage() (page[T], bool) {
	if p.fetch != nil {
		items, err := p.fetch()
		return page[T]{items: items, err: err}, true
	}
	pg, ok := <-p.pages
	return pg, ok
}
