package zabbix

// inventoryFields returns the 70 host inventory fields of Zabbix 6.0 to 7.4
// (the same set on 6.0.14 and 7.0.22, read with selectInventory "extend").
//
// host.update merges the inventory it is given into the stored one, so a
// Host.Inventory that replaces the inventory (see Host) goes on the wire as
// every field: the given values, and "" for the others.
func inventoryFields() []string {
	return []string{
		"type", "type_full", "name", "alias", "os", "os_full", "os_short",
		"serialno_a", "serialno_b", "tag", "asset_tag", "macaddress_a", "macaddress_b",
		"hardware", "hardware_full", "software", "software_full",
		"software_app_a", "software_app_b", "software_app_c", "software_app_d", "software_app_e",
		"contact", "location", "location_lat", "location_lon", "notes", "chassis", "model",
		"hw_arch", "vendor", "contract_number", "installer_name", "deployment_status",
		"url_a", "url_b", "url_c", "host_networks", "host_netmask", "host_router",
		"oob_ip", "oob_netmask", "oob_router",
		"date_hw_purchase", "date_hw_install", "date_hw_expiry", "date_hw_decomm",
		"site_address_a", "site_address_b", "site_address_c", "site_city", "site_state",
		"site_country", "site_zip", "site_rack", "site_notes",
		"poc_1_name", "poc_1_email", "poc_1_phone_a", "poc_1_phone_b", "poc_1_cell", "poc_1_screen", "poc_1_notes",
		"poc_2_name", "poc_2_email", "poc_2_phone_a", "poc_2_phone_b", "poc_2_cell", "poc_2_screen", "poc_2_notes",
	}
}

// replacingInventory returns inv as a host.update inventory that replaces
// the stored one: every field, "" where inv has none. Fields inv has that
// Zabbix does not know are kept, for the server to refuse.
func replacingInventory(inv map[string]string) map[string]string {
	fields := inventoryFields()
	out := make(map[string]string, len(fields)+len(inv))
	for _, f := range fields {
		out[f] = ""
	}
	for k, v := range inv {
		out[k] = v
	}
	return out
}
