package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// chromiumPath finds a Chromium to run headless. Without one the test
// skips, saying how to install it, except in CI (CI=true, or
// CEB_REQUIRE_CHROMIUM set by .ci/run), where it fails.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" || os.Getenv("CEB_REQUIRE_CHROMIUM") != "" {
		t.Fatal("chromium is not installed: CI must run the release page in a browser (.ci/run installs it: apt-get install chromium fonts-noto-cjk)")
	}
	t.Skip("chromium is not installed; to run the release page in a browser: apt-get install chromium fonts-noto-cjk")
	return ""
}

// chromium runs a headless Chromium with its own profile directory.
//
// Chromium itself sometimes dies of a signal (SIGSEGV) on a loaded 2-core
// machine, with go test running other packages beside it; a run killed by
// a signal is tried again, twice at most, with a fresh profile. A page
// Chromium draws wrongly still fails the test: the checks are on what it
// returns.
func chromium(t *testing.T, bin, profile string, args ...string) []byte {
	t.Helper()
	for try := 1; ; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
			"--user-data-dir=" + fmt.Sprintf("%s-%d", profile, try)}, args...)
		cmd := exec.CommandContext(ctx, bin, all...)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded)
		cancel()
		var exit *exec.ExitError
		if errors.As(err, &exit) && try < 3 && !timedOut {
			if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				t.Logf("chromium %s: %v; trying again", strings.Join(args, " "), err)
				continue
			}
		}
		if err != nil {
			t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
		}
		return out.Bytes()
	}
}

// inked is the share of an image's pixels that are not near white.
func inked(img image.Image) float64 {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xE000 || g < 0xE000 || bl < 0xE000 {
				n++
			}
		}
	}
	return float64(n) / float64(b.Dx()*b.Dy())
}

// The release page in a real browser: Chromium draws it at a phone's width
// (375 px) and a desktop's (1280 px), in English and Chinese, and the
// screenshots are not blank; the DOM Chromium builds from the file holds
// the press text and the tables. CI installs chromium and fonts-noto-cjk
// (.ci/run), so that Chinese renders.
func TestHTMLPageInChromium(t *testing.T) {
	bin := chromiumPath(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		lang  string
		press string
	}{
		{"en", "In the first half of 2024, China's cross-border e-commerce imports and exports reached RMB 1.22 trillion, up 10.5% year on year, 4.4 percentage points higher than the growth of overall foreign trade."},
		{"zh", "2024年上半年，我国跨境电商进出口1.22万亿元，同比增长10.5%，高出同期我国外贸整体增速4.4个百分点"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			page := filepath.Join(dir, "h1-"+tc.lang+".html")
			code, _, stderr := runCeb(t, false, "-q", "report", "--period", "2024H1", "--as-of", "2024-07-31", "--html", page, "--lang", tc.lang)
			if code != 0 {
				t.Fatalf("ceb report --html: exit %d: %s", code, stderr)
			}
			url := "file://" + page
			dom := string(chromium(t, bin, filepath.Join(dir, "profile-dom-"+tc.lang), "--dump-dom", url))
			for _, want := range []string{tc.press, "<table>", "<caption", "<svg", "<footer>"} {
				if !strings.Contains(dom, want) {
					t.Errorf("the DOM Chromium built lacks %q", want)
				}
			}
			for _, width := range []int{375, 1280} {
				shot := filepath.Join(dir, fmt.Sprintf("shot-%s-%d.png", tc.lang, width))
				chromium(t, bin, filepath.Join(dir, fmt.Sprintf("profile-%s-%d", tc.lang, width)),
					"--screenshot="+shot, fmt.Sprintf("--window-size=%d,2000", width), url)
				f, err := os.Open(shot)
				if err != nil {
					t.Fatalf("no screenshot at %d px: %v", width, err)
				}
				img, err := png.Decode(f)
				f.Close()
				if err != nil {
					t.Fatalf("screenshot at %d px: %v", width, err)
				}
				if img.Bounds().Dx() != width {
					t.Errorf("screenshot %d px wide, want %d", img.Bounds().Dx(), width)
				}
				// Text, rules and table stripes ink several per cent of a
				// page; a blank or failed render inks none.
				if share := inked(img); share < 0.02 {
					t.Errorf("the page at %d px is blank: %.2f%% of the pixels are not white", width, 100*share)
				}
			}
		})
	}
}
