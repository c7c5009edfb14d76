// Command cron-vectors computes, with robfig/cron v1.2.0 itself, the expected column of the table that
// io.cairn.scheduling.CronSchedule is tested against (src/test/resources/cron/robfig-cron-v1.2.0.txt).
//
// Each row of the table is `"spec" | after | result`: spec is a Go-quoted string, after a Java ZonedDateTime
// (2025-01-01T00:00:00Z or 2025-03-29T12:00:00+01:00[Europe/Berlin]) or - for a spec that must be rejected, and
// result is what robfig answers: cron.Parse(spec).Next(after), "never" for the zero time, "hangs" when Next does
// not return, or "error: " and Parse's message, Go-quoted (some end in spaces). Comment lines (#) and blank lines
// are kept.
//
//	cron-vectors write <table>   rewrites the result column
//	cron-vectors check <table>   exits 1 and names the rows whose result differs from robfig's
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron"
)

// robfig's Next loops forever on a day a time zone skipped (Pacific/Apia, 2011-12-30).
const hangTimeout = 2 * time.Second

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "write" && os.Args[1] != "check") {
		fmt.Fprintln(os.Stderr, "usage: cron-vectors write|check <table>")
		os.Exit(2)
	}
	mode, path := os.Args[1], os.Args[2]
	lines, err := readLines(path)
	if err != nil {
		fail(err)
	}
	var out []string
	differing := 0
	for n, line := range lines {
		row, err := compute(line)
		if err != nil {
			fail(fmt.Errorf("%s:%d: %v", path, n+1, err))
		}
		if row != line {
			differing++
			if mode == "check" {
				fmt.Fprintf(os.Stderr, "%s:%d\n  table:  %s\n  robfig: %s\n", path, n+1, line, row)
			}
		}
		out = append(out, row)
	}
	switch {
	case mode == "write":
		if err := os.WriteFile(path, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
			fail(err)
		}
		fmt.Printf("%s: %d rows rewritten\n", path, differing)
	case differing > 0:
		fmt.Fprintf(os.Stderr, "%s: %d rows differ from robfig/cron v1.2.0\n", path, differing)
		os.Exit(1)
	default:
		fmt.Printf("%s: every row matches robfig/cron v1.2.0\n", path)
	}
}

// compute answers one line of the table in its canonical form.
func compute(line string) (string, error) {
	trimmed := strings.TrimSpace(line)
	if trimmed == "" || strings.HasPrefix(trimmed, "#") {
		return line, nil
	}
	columns := strings.SplitN(line, "|", 3)
	if len(columns) < 2 {
		return "", fmt.Errorf("expected \"spec\" | after | result")
	}
	spec, err := strconv.Unquote(strings.TrimSpace(columns[0]))
	if err != nil {
		return "", fmt.Errorf("the spec is not a Go-quoted string: %s", columns[0])
	}
	after := strings.TrimSpace(columns[1])
	return fmt.Sprintf("%-24s | %-30s | %s", strconv.Quote(spec), after, result(spec, after)), nil
}

func result(spec, after string) string {
	schedule, err := cron.Parse(spec)
	if err != nil {
		return "error: " + strconv.Quote(err.Error())
	}
	if after == "-" {
		return "parses"
	}
	t, zone, err := parseZoned(after)
	if err != nil {
		return "bad reference time: " + err.Error()
	}
	next := make(chan time.Time, 1)
	go func() { next <- schedule.Next(t) }()
	select {
	case n := <-next:
		if n.IsZero() {
			return "never"
		}
		return formatZoned(n, zone)
	case <-time.After(hangTimeout):
		return "hangs"
	}
}

// parseZoned reads Java's ZonedDateTime form: an RFC 3339 time, optionally followed by [Area/City].
func parseZoned(text string) (time.Time, string, error) {
	zone := ""
	if open := strings.IndexByte(text, '['); open >= 0 && strings.HasSuffix(text, "]") {
		zone, text = text[open+1:len(text)-1], text[:open]
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil || zone == "" {
		return t, zone, err
	}
	location, err := time.LoadLocation(zone)
	if err != nil {
		return t, zone, err
	}
	return t.In(location), zone, nil
}

func formatZoned(t time.Time, zone string) string {
	text := t.Format(time.RFC3339Nano)
	if zone != "" {
		text += "[" + zone + "]"
	}
	return text
}

func readLines(path string) ([]string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var lines []string
	scanner := bufio.NewScanner(file)
	for scanner.Scan() {
		lines = append(lines, strings.TrimRight(scanner.Text(), " "))
	}
	return lines, scanner.Err()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "cron-vectors:", err)
	os.Exit(2)
}
