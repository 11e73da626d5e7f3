package canonical

import (
	"os/exec"
	"testing"
)

func goRun(t *testing.T, args ...string) error {
	t.Helper()
	out, err := exec.Command("go", append([]string{"run"}, args...)...).CombinedOutput()
	if err != nil {
		t.Log(string(out))
	}
	return err
}
