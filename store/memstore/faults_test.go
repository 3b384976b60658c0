package memstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
)

func TestFailCall(t *testing.T) {
	ctx := t.Context()
	s := memstore.New(memstore.Config{})
	boom := errors.New("boom")
	s.FailCall(memstore.MethodCreateHostConfigs, 2, boom)
	s.FailCall(memstore.MethodLock, 1, boom)

	create := func(id int64, name string) error {
		_, err := s.CreateHostConfigs(ctx, []store.HostConfig{config(id, name, "")})
		return err
	}
	if err := create(1, "z-a"); err != nil {
		t.Fatalf("first CreateHostConfigs: %v", err)
	}
	if err := create(2, "z-b"); err != boom {
		t.Errorf("second CreateHostConfigs = %v, want the injected error as it is", err)
	}
	if _, err := s.HostConfigByObject(ctx, netbox.DeviceRef(2)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the failed CreateHostConfigs stored its config (HostConfigByObject: %v)", err)
	}
	if err := create(2, "z-b"); err != nil {
		t.Errorf("third CreateHostConfigs: %v", err)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Lock(canceled, netbox.DeviceRef(1)); !errors.Is(err, context.Canceled) {
		t.Errorf("Lock with a canceled context and an injected failure = %v, want context.Canceled", err)
	}
	unlock, err := s.Lock(ctx, netbox.DeviceRef(1))
	if err != nil {
		t.Fatalf("Lock after the injected failure was used up: %v", err)
	}
	unlock()
}

func TestFailCallPanics(t *testing.T) {
	s := memstore.New(memstore.Config{})
	for _, tc := range []struct {
		name   string
		method memstore.Method
		n      int
		err    error
	}{
		{"unknown method", "CreateHostConfig", 1, errors.New("x")},
		{"call number 0", memstore.MethodSettings, 0, errors.New("x")},
		{"nil error", memstore.MethodSettings, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("FailCall(%q, %d, %v) did not panic", tc.method, tc.n, tc.err)
				}
			}()
			s.FailCall(tc.method, tc.n, tc.err)
		})
	}
}
