package zabbix

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
