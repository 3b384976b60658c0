package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/nbzbx/netbox-zabbix/netbox"
	"github.com/nbzbx/netbox-zabbix/store"
	"github.com/nbzbx/netbox-zabbix/store/memstore"
	"github.com/nbzbx/netbox-zabbix/zabbix"
)

func Example() {
	ctx := context.Background()
	settings := store.DefaultSettings()
	st := memstore.New(memstore.Config{Seed: memstore.Seed{
		Settings: &settings,
		Mappings: []store.Mapping{{
			ObjectType: netbox.TypeDevice,
			Name:       "default",
			Default:    true,
			Templates:  []zabbix.Template{{TemplateID: "10001", Name: "Linux by Zabbix agent"}},
		}},
	}})

	// Keep two provisioning runs for device 42 apart.
	unlock, err := st.Lock(ctx, netbox.DeviceRef(42))
	if err != nil {
		log.Fatal(err)
	}
	defer unlock()

	_, err = st.HostConfigByObject(ctx, netbox.DeviceRef(42))
	fmt.Println(err)
	fmt.Println(errors.Is(err, store.ErrNotFound))

	created, err := st.CreateHostConfigs(ctx, []store.HostConfig{{
		Name:   "z-web-01",
		Object: netbox.DeviceRef(42),
		Interfaces: []store.Interface{{
			Name: "web-01-agent", Type: zabbix.InterfaceAgent,
			IP: "192.0.2.10", UseIP: store.UseIP, Main: 1, Port: 10050,
		}},
	}})
	if err != nil {
		log.Fatal(err)
	}
	c := created[0]
	fmt.Printf("config %d %q, interface %d\n", c.ID, c.Name, c.Interfaces[0].ID)

	// A second config for the same device breaks a uniqueness rule.
	_, err = st.CreateHostConfigs(ctx, []store.HostConfig{{Name: "z-other", Object: netbox.DeviceRef(42)}})
	fmt.Println(errors.Is(err, store.ErrConflict))
	// Output:
	// memstore: host config for device 42: store: not found
	// true
	// config 1 "z-web-01", interface 1
	// true
}
