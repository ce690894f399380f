"""Run one command and write its wall time, CPU time and peak memory as JSON.

    python benchmarks/measure_child.py RESULT.json -- COMMAND [ARGS...]

Why a separate small process: Linux counts into a child's peak resident set (ru_maxrss) the
memory of the process it was forked from, as it was before exec. Measured straight from
run.py, every command would seem to need at least what run.py holds (after generating a
repository, over 100 MB). Forked from this small launcher instead, the floor is the
launcher's own few megabytes. The command's stdin, stdout and stderr are this process's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    result, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit(__doc__)
    start = time.perf_counter()
    child = subprocess.Popen(command)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
    with open(result, "w", encoding="utf-8") as handle:
        json.dump({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                   "peak_mib": usage.ru_maxrss / 1024, "exit_code": code}, handle)  # ru_maxrss is in KiB
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
