"""Every process the benchmark starts: in its own process group, stopped whatever happens."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys

SETUP_TIMEOUT = 180  # seconds for any one set-up step


class Interrupted(SystemExit):
    pass


def on_signal(signum, frame):
    print(f"Stopped by signal {signum}; stopping what was started.", file=sys.stderr)
    raise Interrupted(128 + signum)


class Processes:
    """Children in their own process groups, stopped group and all, whatever happens."""

    def __init__(self):
        self.started: list[subprocess.Popen] = []
        libc_name = ctypes.util.find_library("c")
        self.libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None

    def die_with_parent(self) -> None:
        # Runs in the child: Linux sends it SIGTERM if this script is killed with SIGKILL.
        if self.libc is not None and sys.platform == "linux":
            self.libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG

    def start(self, cmd: list[str], **kwargs) -> subprocess.Popen:
        proc = subprocess.Popen(
            cmd, start_new_session=True, preexec_fn=self.die_with_parent, **kwargs
        )
        self.started.append(proc)
        return proc

    def run(self, cmd: list[str], *, timeout: float = SETUP_TIMEOUT, **kwargs) -> tuple[bool, str]:
        """Run `cmd` to the end (stopped after `timeout`): whether it succeeded, and its output."""
        proc = self.start(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs
        )
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(proc)
            return False, f"timed out after {timeout:.0f} s"
        finally:
            self.stop(proc)
        return proc.returncode == 0, output

    def step(self, cmd: list[str], **kwargs) -> str:
        """Run a step the benchmark cannot do without; stop with its output if it fails."""
        ok, output = self.run(cmd, **kwargs)
        if not ok:
            sys.exit(f"Failed: {' '.join(cmd)}\n{output}")
        return output

    def stop(self, proc: subprocess.Popen, grace: float = 10) -> None:
        """SIGTERM to the group, SIGKILL after `grace` seconds; leftovers in the group too."""
        if proc not in self.started:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        self.started.remove(proc)

    def stop_all(self) -> None:
        for proc in reversed(list(self.started)):  # stop() removes from the list
            self.stop(proc)
