// Package flow is what every operation of the library shares: the run and
// its event (Run, Recorder), the settings and request checks (Env), the
// host.update with an undo (Sync, ApplyUpdate, Restore), linking config
// interfaces to Zabbix interfaces (Link), the payloads built from a host
// config, the plans of dry runs (Plan, Change, Action) and the error
// vocabulary (Error, UndoError, NoMatchError and the shared sentinels).
//
// Package provision re-exports the vocabulary; package iface uses it
// through provision's names.
package flow
