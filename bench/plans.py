#!/usr/bin/env python3
"""Several plans against one (SPEC §10): how long a site of 3 plans × N
measures takes to build against one plan of N measures.

The one-plan site is `gen.py`'s; the three-plan site puts it into
`plans/p1/` and copies it to `p2/` (which follows p1) and `p3/` (which
follows p2), every measure and indicator continuing its namesake of the
plan before, so that the lineage is checked and drawn for every record.
Prints the medians and the ratio (the issue's budget: at most 3.3× one
plan's time); asserts nothing.

    cargo build --release
    python3 bench/plans.py --size 2000 --runs 3
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)


def generate(n, out):
    subprocess.run([sys.executable, os.path.join(BENCH, "gen.py"), str(n), out,
                    "--hugo-record", "none"], check=True, stdout=subprocess.DEVNULL)
    return os.path.join(out, "gongkai")


def several(one, dest, plans=("p1", "p2", "p3")):
    """The one-plan site `one` as three plans in `dest`."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    content = os.path.join(dest, "content")
    os.makedirs(os.path.join(content, "plans"))
    src = os.path.join(one, "content")
    site = open(os.path.join(src, "site.yaml"), encoding="utf-8").read()
    blocks = re.split(r"(?m)^(?=[a-z_]+:)", site)
    plan_keys = ("title:", "period:", "source:", "assessment_levels:")
    shared = "".join(b for b in blocks if not b.startswith(plan_keys[1:]))
    own = "".join(b for b in blocks if b.startswith(plan_keys))
    open(os.path.join(content, "site.yaml"), "w", encoding="utf-8").write(shared)
    collections = []
    for name in sorted(os.listdir(src)):
        path = os.path.join(src, name)
        if name == "site.yaml":
            continue
        if os.path.exists(os.path.join(path, "_collection.yaml")):
            collections.append(name)
        elif os.path.isdir(path):
            shutil.copytree(path, os.path.join(content, name))
        else:
            shutil.copy(path, os.path.join(content, name))
    for i, plan in enumerate(plans):
        pdir = os.path.join(content, "plans", plan)
        os.makedirs(pdir)
        text = own if i == 0 else own + f'follows: "{plans[i - 1]}"\n'
        open(os.path.join(pdir, "plan.yaml"), "w", encoding="utf-8").write(text)
        for c in collections:
            shutil.copytree(os.path.join(src, c), os.path.join(pdir, c))
            if i == 0:
                continue
            for f in os.listdir(os.path.join(pdir, c)):
                if not f.endswith(".yaml") or f.startswith("_"):
                    continue
                path = os.path.join(pdir, c, f)
                text = open(path, encoding="utf-8").read()
                prev = f"{plans[i - 1]}/{c}/{f[:-5]}"
                # Each indicator continues its namesake: a line after its id.
                text = re.sub(r"(?m)^(\s*)- id: \"?([a-z0-9-]+)\"?\n",
                              lambda m: f"{m.group(0)}{m.group(1)}  continues: {prev}/{m.group(2)}\n"
                              if "indicators:" in text else m.group(0), text)
                text += f"continues: {prev}\n"
                open(path, "w", encoding="utf-8").write(text)
    return dest


def timed(binary, root, out):
    if os.path.exists(out):
        shutil.rmtree(out)
    started = time.monotonic()
    r = subprocess.run([binary, "build", "--root", root, "--output", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.monotonic() - started
    if r.returncode != 0:
        sys.exit(f"build of {root} failed:\n{r.stderr[-2000:]}")
    files = sum(len(fs) for _, _, fs in os.walk(out))
    shutil.rmtree(out)
    return took, files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=2000, help="measures per plan")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(BENCH, "out", "plans"))
    ap.add_argument("--gongkai", default=os.path.join(ROOT, "target", "release", "gongkai"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    one = generate(args.size, os.path.join(args.out, "gen"))
    three = several(one, os.path.join(args.out, "three"))
    times = {"one": [], "three": []}
    files = {}
    for _ in range(args.runs):
        for name, root in (("one", one), ("three", three)):
            took, files[name] = timed(args.gongkai, root, os.path.join(args.out, "public"))
            times[name].append(took)
    one_s, three_s = statistics.median(times["one"]), statistics.median(times["three"])
    print(f"one plan of {args.size} measures: {one_s:.2f} s median of {args.runs} ({files['one']} files)")
    print(f"three plans of {args.size} measures each: {three_s:.2f} s median of {args.runs} ({files['three']} files)")
    print(f"ratio: {three_s / one_s:.2f}× (budget 3.3×)")


if __name__ == "__main__":
    main()
