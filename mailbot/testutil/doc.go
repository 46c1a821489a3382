// Package testutil is what tests across mailbot share: one builder of test
// configurations (Config), so that every test starts its bot from the same
// loopback setup and none copies TOML text, and a Clock that moves only
// when told, so that no test depends on the hour or the weekday it runs.
//
// It is for tests only: nothing but _test.go files imports it (checked by
// its own test). It is not under an internal/ folder because the command's
// tests in cmd/mailbot use it too, and Go's internal rule would not let
// them.
package testutil
