package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"

	esdbclient "github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/jackc/pgx/v5/pgxpool"
)

// checkAddresses checks the form of every address in the configuration:
// the listen address, the PostgreSQL and EventStoreDB connection strings
// and the JWKS URL. It only parses; whether they answer is preflight's
// job, once a command needs them.
func checkAddresses(c config) error {
	var errs []error
	if err := checkListenAddr(c.httpAddr); err != nil {
		errs = append(errs, fmt.Errorf("OPS_HTTP_ADDR: %w", err))
	}
	if _, err := pgxpool.ParseConfig(c.app.PostgresURL); err != nil {
		errs = append(errs, fmt.Errorf("OPS_POSTGRES_URL: %w", err))
	}
	if c.app.ESDBURL != "" {
		if _, err := esdbclient.ParseConnectionString(c.app.ESDBURL); err != nil {
			errs = append(errs, fmt.Errorf("OPS_ESDB_URL must look like esdb://host:2113?tls=false: %w", err))
		}
	}
	if c.app.JWKSURL != "" {
		if err := checkHTTPURL(c.app.JWKSURL); err != nil {
			errs = append(errs, fmt.Errorf("OPS_JWKS_URL: %w", err))
		}
	}
	return errors.Join(errs...)
}

// checkListenAddr accepts what serve can listen on: [host]:port with a
// numeric port, such as :8080 or 127.0.0.1:8080.
func checkListenAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port, such as :8080 or 127.0.0.1:8080", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: port %q is not a number from 0 to 65535", addr, port)
	}
	if host != "" && net.ParseIP(host) == nil && !validHostname(host) {
		return fmt.Errorf("%q: %q is neither an IP address nor a host name", addr, host)
	}
	return nil
}

// validHostname accepts letters, digits, dots and hyphens: what a DNS
// name may hold.
func validHostname(h string) bool {
	if len(h) > 253 {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}

// checkHTTPURL accepts an absolute http or https URL with a host.
func checkHTTPURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL such as https://idp.example.com/.well-known/jwks.json", raw)
	}
	return nil
}
