package memzabbix

import (
	"context"
	"slices"
)

// DeleteHosts deletes the hosts with the given IDs, all or none: an ID
// that does not exist (or is listed twice) fails the whole call and
// nothing is deleted. Deleting no hosts is not an error.
func (s *Server) DeleteHosts(ctx context.Context, hostIDs ...string) error {
	ids := slices.Clone(hostIDs)
	s.mu.Lock()
	defer s.mu.Unlock()
	idx, err, after := s.begin(ctx, MethodDeleteHosts, slices.Clone(ids))
	if err != nil {
		return s.end(idx, err)
	}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			return s.end(idx, invalidParams(rpcDelete, textDupID, path(i+1), id))
		}
	}
	for _, id := range ids {
		if _, ok := s.hosts[id]; !ok {
			return s.end(idx, appError(rpcDelete, textNoObject))
		}
	}
	for _, id := range ids {
		delete(s.hosts, id)
	}
	return s.end(idx, after)
}
