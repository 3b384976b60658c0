package netboxzabbix_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// drivers maps a database/sql driver name to the package whose import
// registers it.
var drivers = map[string]string{
	"sqlite": "modernc.org/sqlite",
	"pgx":    "github.com/jackc/pgx/v5/stdlib",
}

// TestReadmeGo: every Go block of the README that opens a database imports
// the driver it names (the sql.Open("sqlite", …) snippet once
// had no import and failed with `unknown driver "sqlite"`), and every
// block that is a whole program compiles against this module.
func TestReadmeGo(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(b), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no Go block")
	}
	open := regexp.MustCompile(`sql\.Open\("([^"]+)"`)
	programs := 0
	for i, m := range blocks {
		code := m[1]
		for _, o := range open.FindAllStringSubmatch(code, -1) {
			pkg, known := drivers[o[1]]
			if !known {
				t.Errorf("Go block %d opens driver %q, which no package of this module registers", i+1, o[1])
				continue
			}
			if !strings.Contains(code, `_ "`+pkg+`"`) {
				t.Errorf("Go block %d calls sql.Open(%q, …) without importing _ %q:\n%s", i+1, o[1], pkg, code)
			}
		}
		if !strings.HasPrefix(code, "package main\n") {
			continue
		}
		programs++
		dir := t.TempDir()
		file := filepath.Join(dir, "main.go")
		if err := os.WriteFile(file, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command("go", "vet", file).CombinedOutput(); err != nil {
			t.Errorf("Go block %d does not compile: %v\n%s\n%s", i+1, err, out, code)
		}
	}
	if programs == 0 {
		t.Error("no Go block of the README is a whole program (package main)")
	}
}
