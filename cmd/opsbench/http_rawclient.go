package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// rawConn is one load worker's keep-alive connection: it writes each
// request itself and reads the answer with http.ReadResponse. The load
// generator shares the server's two cores, and net/http's client spends
// two goroutines and their hand-offs on every request; this spends none,
// so more of the machine goes to the server, as with wrk. Requests and
// answers are plain HTTP/1.1 all the same.
type rawConn struct {
	addr string // host:port
	conn net.Conn
	rd   *bufio.Reader
	req  []byte // reused request buffer
	resp bytes.Buffer
}

func newRawConn(base string) *rawConn {
	return &rawConn{addr: base[len("http://"):]}
}

// send makes one request and returns the status and the whole body (valid
// until the next send). A request whose connection broke is an error, not
// retried (a command might have taken effect); the next one redials.
func (c *rawConn) send(ctx context.Context, method, path, token, key string, body []byte) (int, []byte, error) {
	c.req = c.request(method, path, token, key, body)
	status, err := c.roundTrip(ctx)
	return status, c.resp.Bytes(), err
}

func (c *rawConn) request(method, path, token, key string, body []byte) []byte {
	b := append(c.req[:0], method...)
	b = append(append(append(b, ' '), path...), " HTTP/1.1\r\nHost: "...)
	b = append(append(b, c.addr...), "\r\nAuthorization: Bearer "...)
	b = append(append(b, token...), "\r\n"...)
	if key != "" {
		b = append(append(append(b, "Idempotency-Key: "...), key...), "\r\n"...)
	}
	if body != nil {
		b = append(b, "Content-Type: application/json\r\nContent-Length: "...)
		b = append(strconv.AppendInt(b, int64(len(body)), 10), "\r\n"...)
	}
	return append(append(b, "\r\n"...), body...)
}

func (c *rawConn) roundTrip(ctx context.Context) (int, error) {
	c.resp.Reset()
	if c.conn == nil {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", c.addr)
		if err != nil {
			return 0, err
		}
		c.conn, c.rd = conn, bufio.NewReaderSize(conn, 16<<10)
	}
	c.conn.SetDeadline(time.Now().Add(30 * time.Second)) //nolint:errcheck // a dead connection fails the write
	if _, err := c.conn.Write(c.req); err != nil {
		return 0, c.drop(err)
	}
	resp, err := http.ReadResponse(c.rd, nil)
	if err != nil {
		return 0, c.drop(err)
	}
	_, err = c.resp.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, c.drop(err)
	}
	if resp.Close {
		c.drop(nil) //nolint:errcheck // the server asked to close
	}
	return resp.StatusCode, nil
}

// drop closes the connection so the next request dials a new one.
func (c *rawConn) drop(err error) error {
	if c.conn != nil {
		c.conn.Close()
		c.conn, c.rd = nil, nil
	}
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", c.addr, err)
}

func (c *rawConn) close() {
	c.drop(nil) //nolint:errcheck // closing on the way out
}
