package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mailbot/mailbot/sharedtest"
)

// unitFile is the systemd unit docs/deploy/README.md installs.
const unitFile = "../../docs/deploy/mailbot.service"

// TestSystemdUnit checks the shipped unit with systemd's own tools: it
// verifies, and its exposure level stays at 5.0 or lower. verify insists
// that the ExecStart binary exists, so a copy points at this test binary.
func TestSystemdUnit(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		sharedtest.Missing(t, "systemd-analyze not found: %v", err)
	}
	text, err := os.ReadFile(unitFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "ExecStart=/usr/local/bin/mailbot run --config /etc/mailbot/mailbot.toml\n") {
		t.Fatal("the unit must run mailbot run --config /etc/mailbot/mailbot.toml")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(t.TempDir(), "mailbot.service")
	if err := os.WriteFile(unit, []byte(strings.ReplaceAll(string(text), "/usr/local/bin/mailbot", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", unit).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err := exec.Command(analyze, "security", "--offline=true", unit).CombinedOutput()
	if err != nil {
		t.Fatalf("systemd-analyze security: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`Overall exposure level for \S+: ([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no exposure level in:\n%s", out)
	}
	level, _ := strconv.ParseFloat(string(m[1]), 64)
	if level > 5.0 {
		t.Errorf("exposure level %.1f, want 5.0 or lower:\n%s", level, out)
	}
	for _, want := range []string{"DynamicUser=yes", "StateDirectory=mailbot", "Restart=on-failure", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes"} {
		if !strings.Contains(string(text), want+"\n") {
			t.Errorf("the unit lacks %s", want)
		}
	}
}
