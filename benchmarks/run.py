"""cofund at national scale, side by side with its yardsticks: one run, one table.

    make bench                                  (python benchmarks/run.py)
    python benchmarks/run.py --scale 10         a busy national catalogue
    python benchmarks/run.py --keep benchmarks/out/scale-1   generate once, reuse after
    python benchmarks/run.py --only validate,export          some rows (and their yardsticks)

Each row runs one command as a child process and reports its wall time, its peak memory
(the child's maximum resident set, with its own children, from wait4) and its ratio to the
row's yardstick, beside its target (README, "Benchmarks"), and PASS or MISS.
Commands that do not exist yet in this cofund print "not available" instead of failing.
Numbers, not verdicts, are the point: nothing here fails a test for being slow.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
from bare_parse import data_files  # noqa: E402
from plain_site import write_plain_site  # noqa: E402

MIB = 1024 * 1024
MEMORY_TARGET_MIB = 1024  # every command, at 1x
ROWS = ("parse", "validate", "export", "check-pr", "plain", "build", "sizes")
REPEATED = ("parse", "validate", "export", "check-pr")  # run --repeat times, in rounds; the builds once
NEEDS = {  # the yardstick (or earlier row) each row is measured against
    "validate": ("parse",), "export": ("parse",), "build": ("plain",),
    "sizes": ("build",),
}
NOT_AVAILABLE = "not available"


@dataclass
class Row:
    key: str
    name: str
    wall_s: float | None = None
    cpu_s: float | None = None  # user + system: steadier than wall time on a shared machine
    peak_mib: float | None = None
    value: str | None = None  # for sizes: the figure with its unit
    yardstick: str | None = None
    ratio: float | None = None  # of wall times: what the targets are about
    cpu_ratio: float | None = None  # of CPU times: what the code costs, whatever the machine's load
    target: str = ""
    verdict: str = ""  # PASS, MISS, ERROR, not available, or "" (a yardstick)
    memory_verdict: str = ""
    note: str = ""
    exit_code: int | None = None


@dataclass
class Run:
    """One child process, measured."""

    wall_s: float
    cpu_s: float
    peak_mib: float
    exit_code: int
    stdout: Path
    stderr_tail: str


def measure(cmd: list[str], out: Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `cmd`, stdout into `out`, through measure_child.py: wait4 on the command gives its
    own peak memory (unlike getrusage(RUSAGE_CHILDREN), the largest child so far), including
    the processes it waited for (MkDocs, Git), and the small launcher keeps run.py's own
    memory out of it (see measure_child.py)."""
    err, result = out.with_suffix(".stderr"), out.with_suffix(".json")
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        subprocess.run([sys.executable, str(HERE / "measure_child.py"), str(result), "--", *cmd],
                       stdout=stdout, stderr=stderr, cwd=cwd, env=env, check=True)
    figures = json.loads(result.read_text(encoding="utf-8"))
    tail = err.read_text(encoding="utf-8", errors="replace")[-2000:]
    return Run(figures["wall_s"], figures["cpu_s"], figures["peak_mib"], figures["exit_code"], out, tail)


class Bench:
    def __init__(self, repo: Path, work: Path, info: dict, scale: float, repeat: int = 1):
        self.repo, self.work, self.info, self.scale, self.repeat = repo, work, info, scale, repeat
        self.runs: dict[str, list[Run]] = {}  # each row's runs so far
        bindir = Path(sys.executable).parent
        self.cofund = str(bindir / "cofund") if (bindir / "cofund").exists() else shutil.which("cofund") or "cofund"
        self.mkdocs = str(bindir / "mkdocs") if (bindir / "mkdocs").exists() else shutil.which("mkdocs") or "mkdocs"
        self.today = str(info["today"])
        # Python as installed runs from its bytecode cache: without PYTHONDONTWRITEBYTECODE
        # (which some sandboxes set), so that no run but a command's first compiles cofund's
        # modules again (the rows up to check-pr keep their best of several runs).
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["COFUND_TODAY"] = self.today
        self.rows: dict[str, Row] = {}
        self.errors: dict[str, str] = {}  # by row name: a row run in rounds says its error once
        self.site: Path | None = None

    # -- helpers
    def has_command(self, name: str) -> bool:
        done = subprocess.run([self.cofund, name, "--help"], capture_output=True, env=self.env)
        return done.returncode == 0

    def help_text(self, name: str) -> str:
        done = subprocess.run([self.cofund, name, "--help"], capture_output=True, text=True, env=self.env)
        return done.stdout

    def timed(self, key: str, name: str, cmd: list[str], ok_codes: tuple[int, ...] = (0,),
              cwd: Path | None = None) -> tuple[Row, Run]:
        """Run `cmd` once more; of all its runs so far (run() repeats some in rounds), the
        fastest stands for it (the others were slowed by whatever else the shared machine was
        doing), its peak memory the largest of any. A failed run stands for it, if any."""
        runs = self.runs.setdefault(key, [])
        runs.append(measure(cmd, self.work / f"{key}.out", cwd=cwd, env=self.env))
        failed = [r for r in runs if r.exit_code not in ok_codes]
        run = failed[-1] if failed else min(runs, key=lambda r: r.wall_s)
        row = Row(key, name, wall_s=run.wall_s, cpu_s=min(r.cpu_s for r in runs),
                  peak_mib=max(r.peak_mib for r in runs), exit_code=run.exit_code)
        if failed:
            row.verdict = f"ERROR (exit {run.exit_code})"
            said = run.stderr_tail.strip() or run.stdout.read_text(errors="replace")[-2000:]
            self.errors[name] = f"{name}: {' '.join(cmd)}\n{said}"
        if self.scale <= 1:
            row.memory_verdict = "PASS" if run.peak_mib < MEMORY_TARGET_MIB else "MISS"
        return row, run

    def ratio(self, row: Row, yard_key: str, limit: float, target: str, cpu_limit: float | None = None) -> None:
        """The row's wall (and CPU) time against its yardstick's; PASS when the wall ratio is
        within `limit` and, if given, the CPU ratio within `cpu_limit`."""
        yard = self.rows.get(yard_key)
        row.yardstick = yard.name if yard else yard_key
        row.target = target
        if yard is None or yard.wall_s is None or row.wall_s is None or yard.verdict.startswith("ERROR"):
            row.note = (row.note + "; " if row.note else "") + "no yardstick figure"
            return
        row.ratio = row.wall_s / yard.wall_s
        if row.cpu_s is not None and yard.cpu_s:
            row.cpu_ratio = row.cpu_s / yard.cpu_s
        if not row.verdict:
            cpu_ok = cpu_limit is None or (row.cpu_ratio is not None and row.cpu_ratio <= cpu_limit)
            row.verdict = "PASS" if row.ratio <= limit and cpu_ok else "MISS"

    def unavailable(self, key: str, name: str, command: str) -> Row:
        return Row(key, name, verdict=NOT_AVAILABLE, note=f"no `cofund {command}` in this cofund yet")

    # -- the rows
    def parse(self) -> Row:
        row, _ = self.timed("parse", "bare libyaml parse (CSafeLoader)",
                            [sys.executable, str(HERE / "bare_parse.py"), str(self.repo)])
        row.note = "yardstick for loading"
        return row

    def validate(self) -> Row:
        row, _ = self.timed("validate", "cofund validate",
                            [self.cofund, "validate", str(self.repo), "--today", self.today])
        self.ratio(row, "parse", 1.5, "<= 1.5x parse")
        return row

    def export(self) -> Row:
        if not self.has_command("export"):
            return self.unavailable("export", "cofund export", "export")
        row, run = self.timed("export", "cofund export (JSON)",
                              [self.cofund, "export", str(self.repo), "--today", self.today])
        self.ratio(row, "parse", 1.5, "<= 1.5x parse")
        row.note = f"{run.stdout.stat().st_size / MIB:.1f} MB of JSON"
        return row

    def check_pr(self) -> Row:
        name = "cofund check-pr (one pledge)"
        if not self.has_command("check-pr"):
            return self.unavailable("check-pr", name, "check-pr")
        change = self.info["change"]
        # GitHub's list of the pull request's commits: the author's own, made in GitHub's web
        # editor, so their authorship counts (without it, it authorises nothing).
        head = subprocess.run(["git", "-C", str(self.repo), "rev-parse", self.info["head"]],
                              check=True, capture_output=True, text=True).stdout.strip()
        commits = self.work / "commits.json"
        commits.write_text(json.dumps([{"sha": head, "commit": {"verification": {"verified": True}},
                                        "author": {"login": change["author"]}, "committer": {"login": "web-flow"}}]))
        # exit 1 is a verdict (invalid data or a missing approval), not a crash: shown, timed
        row, run = self.timed("check-pr", name, [
            self.cofund, "check-pr", str(self.repo), "--base", self.info["base"], "--head", self.info["head"],
            "--author", change["author"], "--commits", str(commits), "--today", self.today,
        ], ok_codes=(0, 1))
        row.target = "< 1 s at any scale"
        if not row.verdict:
            row.verdict = "PASS" if run.wall_s < 1.0 else "MISS"
        row.note = "may merge (exit 0)" if run.exit_code == 0 else f"exit {run.exit_code}: see its output in the log"
        if run.exit_code == 1:
            self.errors[f"{name}, its verdict"] = (
                f"{name} said no (exit 1):\n{run.stdout.read_text(errors='replace')[-1500:]}")
        return row

    def plain(self) -> Row:
        project = self.work / "plain"
        pages = write_plain_site(self.repo, project)
        out = self.work / "plain-site"
        row, _ = self.timed("plain", "plain MkDocs Material build",
                            [self.mkdocs, "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(out)])
        index = out / "search" / "search_index.json"
        row.note = (f"{pages:,} hand-written pages (pitch pages {mean_kb(out / 'pitches'):.0f} KB), site "
                    f"{tree_size(out) / MIB:.0f} MB, search index {index.stat().st_size / MIB:.1f} MB"
                    if index.exists() else f"{pages:,} pages")
        return row

    def build(self) -> Row:
        name = "cofund build (whole site)"
        if not self.has_command("build"):
            return self.unavailable("build", name, "build")
        generate.copy_project_files(self.repo)  # this project's mkdocs.yml and site/ pages, as now
        cmd = [self.cofund, "build", str(self.repo), "--today", self.today]
        self.site = self.repo / "public"
        help_text = self.help_text("build")
        for option in ("--site-dir", "--output", "--out"):
            if option in help_text:
                self.site = self.work / "site"
                cmd += [option, str(self.site)]
                break
        row, _ = self.timed("build", name, cmd, cwd=self.repo)
        self.ratio(row, "plain", 1.3, "<= 1.3x wall, 1.15x CPU of plain", cpu_limit=1.15)
        if not self.site.is_dir():
            row.verdict, row.note = "ERROR", f"no site found at {self.site}"
            self.site = None
        return row

    def sizes(self) -> list[Row]:
        if self.site is None:
            why = self.rows["build"].verdict if "build" in self.rows else "no build"
            return [Row(k, n, verdict=why if why == NOT_AVAILABLE else "no site") for k, n in
                    (("site-size", "site size"), ("pitch-page", "largest pitch page"),
                     ("largest-page", "largest page of any kind"), ("search-index", "search index"))]
        site = self.site
        html = sorted(site.rglob("*.html"))
        pitch_pages = [p for p in html if "pitches" in p.relative_to(site).parts[:-1]]
        size = Row("site-size", "site size", value=f"{tree_size(site) / MIB:.1f} MB",
                   note=f"{len(html):,} HTML pages (pitch pages {mean_kb(site / 'pitches'):.0f} KB)")
        if pitch_pages:
            largest = max(pitch_pages, key=lambda p: p.stat().st_size)
            kb = largest.stat().st_size / 1024
            page = Row("pitch-page", "largest pitch page", value=f"{kb:.1f} KB", target="< 100 KB",
                       verdict="PASS" if kb < 100 else "MISS", note=f"{largest.relative_to(site)}, HTML only")
        else:
            page = Row("pitch-page", "largest pitch page", verdict="ERROR", note="no pitches/**.html in the site")
        biggest = max(html, key=lambda p: p.stat().st_size)
        anypage = Row("largest-page", "largest page of any kind", value=f"{biggest.stat().st_size / 1024:.1f} KB",
                      note=f"{biggest.relative_to(site)}, HTML only (no target: for the catalogue's lists)")
        index = site / "search" / "search_index.json"
        if index.exists():
            mb = index.stat().st_size / MIB
            search = Row("search-index", "search index", value=f"{mb:.2f} MB", target="< 2 MB at 1x",
                         verdict=("PASS" if mb < 2 else "MISS") if self.scale <= 1 else "")
        else:
            search = Row("search-index", "search index", verdict="ERROR", note="no search/search_index.json")
        return [size, page, anypage, search]

    def run(self, keys: list[str]) -> list[Row]:
        steps: dict[str, Callable[[], Row | list[Row]]] = {
            "parse": self.parse, "validate": self.validate, "export": self.export, "check-pr": self.check_pr,
            "plain": self.plain, "build": self.build, "sizes": self.sizes,
        }
        # The short commands run in rounds (parse, validate, export, check-pr, then again), not
        # each `repeat` times in a row: a machine that slows down or speeds up meanwhile then
        # slows each command alike, and the ratios between them hold.
        repeated = [k for k in keys if k in REPEATED]
        order = repeated * self.repeat + [k for k in keys if k not in REPEATED]
        for key in order:
            result = steps[key]()
            for row in result if isinstance(result, list) else [result]:
                self.rows[row.key] = row
                print(f"  {row.name}: {fmt_time(row.wall_s) or row.value or row.verdict}", file=sys.stderr, flush=True)
        return list(self.rows.values())


def code_version() -> str:
    """The commit of the cofund being measured, and whether its working tree has changes."""
    done = subprocess.run(["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
                          capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def mean_kb(folder: Path) -> float:
    """Mean size of the HTML pages under `folder`, to compare page weights across the builds."""
    sizes = [p.stat().st_size for p in folder.rglob("*.html")]
    return sum(sizes) / len(sizes) / 1024 if sizes else 0.0


def tree_size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def fmt_time(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.2f} s"


def table(rows: list[Row], header: str) -> str:
    cols = ("", "time / size", "cpu s", "peak MiB", "ratio", "cpu ratio", "target", "verdict", "memory", "note")
    lines = []
    for r in rows:
        lines.append((
            r.name,
            fmt_time(r.wall_s) or r.value or "",
            f"{r.cpu_s:.2f}" if r.cpu_s is not None else "",
            f"{r.peak_mib:.0f}" if r.peak_mib is not None else "",
            f"{r.ratio:.2f}x {NEEDS[r.key][0]}" if r.ratio is not None else "",
            f"{r.cpu_ratio:.2f}x" if r.cpu_ratio is not None else "",
            r.target,
            r.verdict,
            r.memory_verdict,
            r.note,
        ))
    widths = [max(len(c), *(len(line[i]) for line in lines)) for i, c in enumerate(cols)]
    def fmt(cells: tuple[str, ...]) -> str:
        padded = (c.rjust(w) if i in (1, 2, 3, 4, 5) else c.ljust(w)
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        return "  ".join(padded).rstrip()
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([header, "", fmt(cols), rule, *(fmt(line) for line in lines)])


def repository(args: argparse.Namespace, sizes: tuple[int, int, int]) -> tuple[Path, dict, bool]:
    """The repository to measure: reused from --keep when it matches, else generated."""
    orgs, pitches, pledges = sizes
    if args.keep:
        root = args.keep.resolve()
        stamp = root / generate.STAMP
        if stamp.exists():
            info = json.loads(stamp.read_text(encoding="utf-8"))
            wanted = (generate.GENERATOR_VERSION, orgs, pitches, pledges, args.seed, generate.per_commit(args.scale))
            found = (info.get("generator"), info["organisations"], info["pitches"], info["pledges"], info["seed"],
                     info.get("per_commit", 1))
            if found == wanted:
                print(f"reusing {root}", file=sys.stderr)
                return root, info, False
            raise SystemExit(f"{root} was generated with another size, seed, history or generator version: "
                             "remove it or give another folder")
        temporary = False
    else:
        root = Path(tempfile.mkdtemp(prefix="cofund-bench-repo-")) / "catalogue"
        temporary = True
    print(f"generating {orgs:,} organisations, {pitches:,} pitches, {pledges:,} pledges in {root}", file=sys.stderr)
    start = time.perf_counter()
    info = generate.make_repository(root, orgs, pitches, pledges, seed=args.seed,
                                    per_commit=generate.per_commit(args.scale))
    print(f"  generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return root, info, temporary


def data_volume(repo: Path) -> tuple[int, int]:
    files = data_files(str(repo))
    return len(files), sum(os.path.getsize(f) for f in files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1 = 2,000 organisations, 2,000 pitches, 40,000 pledges")
    parser.add_argument("--orgs", type=int, help="organisations (overrides --scale; for tests)")
    parser.add_argument("--pitches", type=int, help="pitches (overrides --scale)")
    parser.add_argument("--pledges", type=int, help="pledges (overrides --scale)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", help=f"comma-separated rows of {','.join(ROWS)}; their yardsticks run too")
    parser.add_argument("--keep", type=Path, help="generate the repository here once and reuse it on later runs")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds of the commands up to check-pr, each one's best kept (the builds run once)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    args = parser.parse_args(argv)

    keys = list(ROWS)
    if args.only:
        wanted = {k.strip() for k in args.only.split(",") if k.strip()}
        unknown = wanted - set(ROWS)
        if unknown:
            parser.error(f"unknown rows {', '.join(sorted(unknown))}: choose from {', '.join(ROWS)}")
        for _ in range(2):  # sizes needs build, which needs plain
            wanted.update(*(NEEDS.get(k, ()) for k in list(wanted)))
        keys = [k for k in ROWS if k in wanted]

    sizes = generate.sizes(args.scale, args.orgs, args.pitches, args.pledges)
    repo, info, temporary = repository(args, sizes)
    work = Path(tempfile.mkdtemp(prefix="cofund-bench-work-"))
    try:
        bench = Bench(repo, work, info, args.scale, max(1, args.repeat))
        rows = bench.run(keys)
        files, volume = data_volume(repo)
        header = (
            f"cofund benchmark, scale {args.scale:g}: {info['organisations']:,} organisations, "
            f"{info['pitches']:,} pitches, {info['pledges']:,} pledges, {info['adopters']:,} adopters "
            f"({files:,} data files, {volume / MIB:.1f} MB); {os.cpu_count()} cores, "
            f"load average {os.getloadavg()[0]:.1f}; today {info['today']}; cofund {code_version()}\n"
            f"best of {max(1, args.repeat)} runs up to check-pr, builds once; "
            f"peak memory target: < {MEMORY_TARGET_MIB} MiB per command at 1x"
        )
        print(table(rows, header))
        for error in bench.errors.values():
            print("\n" + error)
        if args.json:
            args.json.write_text(json.dumps({"scale": args.scale, "files": files, "bytes": volume,
                                             "rows": [asdict(r) for r in rows]}, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if temporary:
            shutil.rmtree(repo.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
