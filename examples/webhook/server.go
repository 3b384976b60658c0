package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
)

// retryAfter is the Retry-After of a 503, in seconds. (NetBox itself
// retries after its RQ_RETRY_INTERVAL, whatever the answer says.)
const retryAfter = "5"

// server answers NetBox's webhooks: it checks, answers at once, and hands
// the work to the pool.
type server struct {
	secret  []byte // nil: unsigned bodies are accepted
	maxBody int64
	pool    *pool    // runs deliveries in this process; nil with --durable
	durable *durable // stores deliveries as River jobs; nil without --durable
	dedup   *dedup
	onboard bool // ObjectChange.Onboard: provision objects without a host
	log     *slog.Logger

	received, accepted, merged, duplicates, ignored, rejected, busy atomic.Int64
}

func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook", s.webhook)
	mux.HandleFunc("GET /healthz", s.healthz)
	return mux
}

func (s *server) webhook(w http.ResponseWriter, r *http.Request) {
	s.received.Add(1)
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		s.reject(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", s.maxBody))
		return
	case err != nil:
		s.reject(w, r, http.StatusBadRequest, "read body: "+err.Error())
		return
	}
	if s.secret != nil {
		switch err := verify(s.secret, raw, r.Header.Get(signatureHeader)); {
		case errors.Is(err, errUnsigned):
			w.Header().Set("WWW-Authenticate", signatureHeader)
			s.reject(w, r, http.StatusUnauthorized, err.Error())
			return
		case err != nil:
			s.reject(w, r, http.StatusForbidden, err.Error())
			return
		}
	}
	ev, err := parseEvent(raw)
	if err != nil {
		s.reject(w, r, http.StatusBadRequest, err.Error())
		return
	}
	if ev.ignore != "" {
		s.ignored.Add(1)
		s.log.Debug("ignored", "reason", ev.ignore)
		reply(w, http.StatusOK, map[string]string{"status": "ignored", "reason": ev.ignore})
		return
	}
	ch := ev.change
	ch.Onboard = s.onboard
	object := ch.Object.String()
	if !s.dedup.first(ev.key) {
		s.duplicates.Add(1)
		s.log.Info("delivery already accepted", "event", string(ch.Kind), "object", object, "request_id", ch.RequestID)
		reply(w, http.StatusOK, map[string]string{"status": "duplicate", "object": object})
		return
	}
	j := job{change: ch, key: ev.key}
	var status string
	if s.durable != nil {
		status, err = s.durable.submit(r.Context(), j)
	} else {
		status, err = s.pool.submit(j)
	}
	if err != nil {
		s.dedup.forget(ev.key)
		s.busy.Add(1)
		s.log.Warn("delivery refused", "event", string(ch.Kind), "object", object, "reason", err.Error())
		msg := err.Error()
		if s.durable != nil && !errors.Is(err, errClosed) {
			// The database's own error stays in the log: it names the
			// server, user and database.
			msg = "could not store the delivery as a River job; try again later"
		}
		w.Header().Set("Retry-After", retryAfter)
		reply(w, http.StatusServiceUnavailable, map[string]string{"error": msg})
		return
	}
	if status == "merged" {
		s.merged.Add(1)
	} else {
		s.accepted.Add(1)
	}
	s.log.Debug("delivery "+status, "event", string(ch.Kind), "object", object, "request_id", ch.RequestID)
	reply(w, http.StatusAccepted, map[string]string{"status": status, "event": string(ch.Kind), "object": object})
}

// reject answers a delivery that is refused for what it is: NetBox records
// the failure and, when RQ_RETRY_MAX allows, sends it again.
func (s *server) reject(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.rejected.Add(1)
	s.log.Warn("delivery rejected", "status", code, "reason", msg, "remote", r.RemoteAddr)
	reply(w, code, map[string]string{"error": msg})
}

// healthz reports the queue and the counters: 200 while running, 503
// once shutting down.
func (s *server) healthz(w http.ResponseWriter, _ *http.Request) {
	body := map[string]any{
		"status": "ok",
		"deliveries": map[string]int64{"received": s.received.Load(), "accepted": s.accepted.Load(), "merged": s.merged.Load(),
			"duplicates": s.duplicates.Load(), "ignored": s.ignored.Load(), "rejected": s.rejected.Load(), "busy": s.busy.Load()},
	}
	var closed bool
	if s.durable != nil {
		body["mode"], body["jobs"] = "durable", s.durable.counts()
		closed = s.durable.closed.Load()
	} else {
		var queued, running int
		queued, running, closed = s.pool.state()
		body["mode"], body["queued"], body["running"], body["runs"] = "memory", queued, running, s.pool.counts.snapshot()
	}
	code := http.StatusOK
	if closed {
		body["status"], code = "shutting down", http.StatusServiceUnavailable
	}
	reply(w, code, body)
}

func reply(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
