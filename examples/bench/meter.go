package main

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// meter is an http.RoundTripper that counts the requests passing through
// it, the bytes of their response bodies, and the time at least one of
// them was under way (the server's share of a run's wall time).
type meter struct {
	base http.RoundTripper

	mu       sync.Mutex
	requests int
	bytes    int64
	inFlight int
	since    time.Time     // when inFlight last went from 0 to 1
	busy     time.Duration // closed intervals with a request under way
}

func (m *meter) RoundTrip(r *http.Request) (*http.Response, error) {
	m.mu.Lock()
	m.requests++
	if m.inFlight == 0 {
		m.since = time.Now()
	}
	m.inFlight++
	m.mu.Unlock()
	resp, err := m.base.RoundTrip(r)
	if err != nil {
		m.done(0)
		return nil, err
	}
	resp.Body = &meteredBody{ReadCloser: resp.Body, m: m}
	return resp, nil
}

// done ends one request that read n body bytes.
func (m *meter) done(n int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bytes += n
	if m.inFlight--; m.inFlight == 0 {
		m.busy += time.Since(m.since)
	}
}

// stats returns the requests, body bytes and busy seconds since reset.
func (m *meter) stats() (int, int64, float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	busy := m.busy
	if m.inFlight > 0 {
		busy += time.Since(m.since)
	}
	return m.requests, m.bytes, busy.Seconds()
}

func (m *meter) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests, m.bytes, m.busy = 0, 0, 0
	if m.inFlight > 0 {
		m.since = time.Now()
	}
}

// meteredBody counts what is read of a response body and ends the request
// when the body is closed.
type meteredBody struct {
	io.ReadCloser
	m    *meter
	n    int64
	once sync.Once
}

func (b *meteredBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n += int64(n)
	return n, err
}

func (b *meteredBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() { b.m.done(b.n) })
	return err
}
