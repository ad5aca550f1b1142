#!/usr/bin/env python3
"""How `gongkai serve` keeps up with an edit, and what it holds.

    python3 bench/serve.py BINARY SITE_ROOT [--edits N] [--spread] [--measure content/c/m.yaml]

Starts `serve` on SITE_ROOT (a copy of a generated site: the measure file is
edited and put back), waits for the first build, then edits one measure's
English title N times. For each edit it prints how long until the measure's
page shows it (polled every 10 ms) and until the whole site is consistent
(serve's summary line), and serve's memory: resident now and at its peak
(VmRSS, VmHWM) and on disk (the temporary files it keeps the site in).
Each edit is of another measure when --spread is given. Prints figures; asserts nothing.
"""

import argparse
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) // 1024
    # The files serve keeps the site in: temporary files without a name.
    spooled = 0
    fds = f"/proc/{pid}/fd"
    for fd in os.listdir(fds):
        try:
            if os.readlink(f"{fds}/{fd}").endswith("(deleted)"):
                spooled += os.stat(f"{fds}/{fd}").st_blocks * 512
        except OSError:
            pass
    fields["spooled on disk"] = spooled >> 20
    return fields


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("root")
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--measure", help="the measure file to edit, relative to the root")
    ap.add_argument("--spread", action="store_true", help="edit another measure each time")
    args = ap.parse_args()

    if args.measure:
        measures = [args.measure]
    else:
        content = os.path.join(args.root, "content")
        measures = []
        for c in sorted(os.listdir(content)):
            folder = os.path.join(content, c)
            if os.path.isdir(folder) and c != "pages":
                files = sorted(f for f in os.listdir(folder) if f.endswith(".yaml") and not f.startswith("_"))
                measures += [f"content/{c}/{f}" for f in files[len(files) // 2 :][:50]]
    if not args.spread:
        measures = measures[:1]
    originals = {}

    def target(measure):
        path = os.path.join(args.root, measure)
        text = originals.setdefault(path, open(path, encoding="utf-8").read())
        m = re.search(r'^title:\n(?:  .*\n)*?  en: "([^"\n]*)"', text, re.M)
        if not m:
            sys.exit(f"{measure}: no English title in quotes to edit")
        collection, stem = measure.split("/")[1], os.path.splitext(measure.split("/")[2])[0]
        return path, text, m, f"en/{collection}/{stem}/"

    lines = []
    ready = threading.Event()
    summaries = []
    started = time.monotonic()
    proc = subprocess.Popen(
        [args.binary, "serve", "--root", args.root, "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    url = {}

    def read_stderr():
        for line in proc.stderr:
            lines.append(line.rstrip())
            found = re.search(r"serving at (http://\S+)", line)
            if found:
                url["base"] = found.group(1)
                ready.set()
            elif re.match(r"(built|re-rendered) ", line):
                summaries.append((time.monotonic(), line.strip()))

    threading.Thread(target=read_stderr, daemon=True).start()
    try:
        if not ready.wait(timeout=600):
            sys.exit("serve did not start:\n" + "\n".join(lines))
        print(f"first build and ready: {time.monotonic() - started:.2f} s; {summaries[0][1] if summaries else ''}")
        print(f"memory after the first build: {memory(proc.pid)}")
        for i in range(1, args.edits + 1):
            path, original, m, page = target(measures[(i - 1) % len(measures)])
            page = url["base"] + page
            if m.group(1) not in fetch(page):
                sys.exit(f"{page} does not show the title {m.group(1)!r}")
            marker = f"{m.group(1)} edit {i}"
            edited = original[: m.start(1)] + marker + original[m.end(1):]
            seen = len(summaries)
            t0 = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(edited)
            while marker not in fetch(page):
                if time.monotonic() - t0 > 600:
                    sys.exit("the edit never showed")
                time.sleep(0.01)
            visible = time.monotonic() - t0
            while len(summaries) <= seen:
                if time.monotonic() - t0 > 900:
                    sys.exit("serve never finished the rebuild")
                time.sleep(0.01)
            done, summary = summaries[seen]
            print(
                f"edit {i}: visible after {visible:.2f} s, whole site after {done - t0:.2f} s ({summary}); memory {memory(proc.pid)}"
            )
    finally:
        for path, original in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
        try:
            print(f"memory at the end: {memory(proc.pid)}")
        except OSError:
            pass
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
