package zabbix

import (
	"cmp"
	"strings"
)

// CompareIDs orders Zabbix IDs the way Zabbix returns objects: decimal IDs
// by value (leading zeros aside), other strings after them, by text. It
// returns -1, 0 or +1.
func CompareIDs(a, b string) int {
	da, db := isDecimal(a), isDecimal(b)
	switch {
	case da && db:
		a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
		return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
	case da:
		return -1
	case db:
		return 1
	}
	return cmp.Compare(a, b)
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Template is a Zabbix template: its ID and technical name.
type Template struct {
	TemplateID string `json:"templateid" validate:"required,numeric"`
	Name       string `json:"name"`
}

// HostGroup is a Zabbix host group.
type HostGroup struct {
	GroupID string `json:"groupid" validate:"required,numeric"`
	Name    string `json:"name"`
}

// Proxy is a Zabbix proxy.
type Proxy struct {
	ProxyID string `json:"proxyid" validate:"required,numeric"`
	Name    string `json:"name"`
}

// ProxyGroup is a Zabbix proxy group (Zabbix 7.0 and later).
type ProxyGroup struct {
	ProxyGroupID string `json:"proxy_groupid" validate:"required,numeric"`
	Name         string `json:"name"`
}
