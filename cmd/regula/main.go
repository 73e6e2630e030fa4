// Command regula runs deep generative models of single-cell RNA-seq data
// (DeepSEM, GraphSCI, siVAE, GRouNdGAN) and the tools around them: readers
// and writers, preprocessing, clustering, 2-D maps, metrics and reports.
//
// Each subcommand lives in its own file of this package and registers itself
// with register(); main only dispatches. Results go to files or stdout,
// progress and logs to stderr.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
)

// command is one `regula NAME` subcommand.
type command struct {
	// name is the word after `regula`.
	name string
	// summary is a one-line description for `regula help`.
	summary string
	// usage is the synopsis line(s), e.g. "regula info FILE".
	usage string
	// help is the man-page style description printed by `regula NAME --help`
	// after the synopsis and before the flags.
	help string
	// flags declares the command's own flags on fs.
	flags func(fs *flag.FlagSet)
	// run executes the command with the positional arguments left after
	// flag parsing.
	run func(env *Env, args []string) error
}

var commands = map[string]*command{}

// register adds a subcommand; called from init functions.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("duplicate command " + c.name)
	}
	commands[c.name] = c
}

// Env carries the common flags and output streams to a command.
type Env struct {
	// Seed makes every random choice reproducible.
	Seed int64
	// Threads bounds the worker goroutines (0 = all cores).
	Threads int
	// Quiet silences progress and informational logs on stderr.
	Quiet bool
	// Out is the output path given with --out ("" if none).
	Out string
	// Stdout receives results; Stderr receives progress and logs.
	Stdout, Stderr io.Writer
	// Args is the command line after the program name, as given to Main
	// (run records quote it).
	Args []string
}

// Logf prints an informational line on stderr unless --quiet.
func (e *Env) Logf(format string, args ...any) {
	if !e.Quiet {
		fmt.Fprintf(e.Stderr, format+"\n", args...)
	}
}

// Progress returns the writer for progress output: stderr, or io.Discard
// with --quiet.
func (e *Env) Progress() io.Writer {
	if e.Quiet {
		return io.Discard
	}
	return e.Stderr
}

// usageError marks an error caused by wrong command-line use; main prints
// the command's usage after it and exits with status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Main runs regula with args (without the program name) and returns the
// exit status. It is separate from main so tests can call it.
func Main(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c := commands[args[1]]; c != nil {
				printCommandHelp(stdout, c, newFlagSet(c, &Env{}))
				return 0
			}
		}
		printOverview(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintln(stdout, "regula", version)
		return 0
	}
	c := commands[args[0]]
	if c == nil {
		fmt.Fprintf(stderr, "regula: unknown command %q\nRun 'regula help' for the list of commands.\n", args[0])
		return 2
	}
	env := &Env{Stdout: stdout, Stderr: stderr, Args: args}
	fs := newFlagSet(c, env)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(interleave(fs, args[1:])); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(stdout, c, fs)
			return 0
		}
		fmt.Fprintf(stderr, "regula %s: %v\nusage: %s\nRun 'regula %s --help' for details.\n", c.name, err, c.usage, c.name)
		return 2
	}
	if env.Threads > 0 {
		runtime.GOMAXPROCS(env.Threads)
	} else {
		env.Threads = runtime.GOMAXPROCS(0)
	}
	if err := runSafely(c, env, fs.Args()); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "regula %s: %v\nusage: %s\nRun 'regula %s --help' for details.\n", c.name, err, c.usage, c.name)
			return 2
		}
		fmt.Fprintf(stderr, "regula %s: %v\n", c.name, err)
		return 1
	}
	return 0
}

// runSafely turns an unexpected panic into an error message instead of a
// stack trace; REGULA_DEBUG=1 re-raises it for debugging.
func runSafely(c *command, env *Env, args []string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if os.Getenv("REGULA_DEBUG") != "" {
				panic(r)
			}
			err = fmt.Errorf("internal error: %v (set REGULA_DEBUG=1 for a stack trace, and please report it)", r)
		}
	}()
	return c.run(env, args)
}

func newFlagSet(c *command, env *Env) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.Int64Var(&env.Seed, "seed", 0, "random seed; the same input and seed give the same output")
	fs.IntVar(&env.Threads, "threads", 0, "worker threads (0 = all cores)")
	fs.BoolVar(&env.Quiet, "quiet", false, "no progress or log lines on stderr")
	fs.StringVar(&env.Out, "out", "", "output file")
	if c.flags != nil {
		c.flags(fs)
	}
	return fs
}

// interleave lets flags follow positional arguments (regula info FILE --quiet)
// by moving flag tokens before the positionals, respecting flags that take
// a value.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if f := fs.Lookup(name); f != nil {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					continue
				}
				if i+1 < len(args) {
					flags = append(flags, args[i+1])
					i++
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func printOverview(w io.Writer) {
	fmt.Fprintf(w, `regula — deep generative models of single-cell RNA-seq data

Usage:
  regula COMMAND [ARGUMENTS] [FLAGS]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(w, `
Flags common to every command:
  --seed N      random seed (default 0); same input + seed = same output
  --threads N   worker threads (default: all cores)
  --quiet       no progress on stderr
  --out PATH    output file

Run 'regula help COMMAND' or 'regula COMMAND --help' for a command's manual.
`)
}

func printCommandHelp(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "NAME\n  regula %s — %s\n\nSYNOPSIS\n", c.name, c.summary)
	for _, l := range strings.Split(strings.TrimSpace(c.usage), "\n") {
		fmt.Fprintf(w, "  %s\n", l)
	}
	if c.help != "" {
		fmt.Fprintf(w, "\nDESCRIPTION\n")
		for _, l := range strings.Split(strings.TrimSpace(c.help), "\n") {
			fmt.Fprintf(w, "  %s\n", l)
		}
	}
	fmt.Fprintf(w, "\nFLAGS\n")
	fs.SetOutput(w)
	fs.VisitAll(func(f *flag.Flag) {
		name, use := flag.UnquoteUsage(f)
		arg := "--" + f.Name
		if name != "" {
			arg += " " + name
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  %-24s %s%s\n", arg, use, def)
	})
}

const version = "0.1.0-dev"
