"""The sandbox a submission's code runs in while it is graded (Linux, with bubblewrap installed).

``find_sandbox()`` tries bubblewrap (``bwrap``, Debian's ``bubblewrap`` package) once; when it works,
``Sandbox.command(argv, private)`` wraps a command so that it runs:

- in new user, PID, network, IPC, UTS and cgroup namespaces, as an unprivileged user with no
  capabilities, unable to make namespaces of its own, in a session of its own (it cannot type into the
  teacher's terminal);
- with no network at all: only a loopback interface of its own (the kernel talks to the grader over
  IPC sockets in ``private``, its own folder, not over TCP);
- seeing, read-only, only what Python needs: the system's /usr, the Python installation, the folders
  on Python's path (the kit and its packages) and the datasets. Not the teacher's home, not the
  submissions, not the gradebook, feedback or written answers, not the other kernels' folders: those are
  covered by an empty folder even if they lie inside a folder Python needs;
- writing only to a private /tmp (its working folder is /tmp/work; a memory-backed folder of
  ``Limits.tmp_bytes``), to a /dev/shm of ``Limits.shm_bytes`` and to ``private``; everything else it
  sees is read-only;
- under resource limits (``Limits``): address space (memory), processes and threads, file size, open
  files, no core dumps. The process limit is a resource limit of the sandbox's user; for a teacher
  running as root (a container, CI), whose processes that limit does not bind, it is a pids cgroup
  instead, when the machine lets the grader make one (``process_limit`` says which, or that there is
  none);
- ended with everything it started: the processes live in the sandbox's PID namespace, which the
  kernel empties when the sandbox stops, detached daemons included.

What it does not do: limit CPU time (the grader's time limits stop a notebook), or the disk space that
``private`` can take (each file is at most ``Limits.file_bytes``; the folder is deleted afterwards).

Where bubblewrap is missing or cannot make namespaces (macOS, Windows, a container without user
namespaces), ``find_sandbox`` says why, and the grader runs kernels as the teacher's user, as before.
"""
from __future__ import annotations

import functools
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SANDBOX_USER = 1000  # the uid and gid inside the sandbox (mapped to the teacher's own outside)
WORK = "/tmp/work"  # the working folder inside the sandbox


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 2 << 30  # address space of each process: a 4 GiB allocation fails with MemoryError
    processes: int = 128  # processes and threads of the sandbox's user (a kernel uses about 10)
    file_bytes: int = 64 << 20  # the largest file it can write
    open_files: int = 1024
    tmp_bytes: int = 256 << 20  # the private /tmp (memory-backed)
    shm_bytes: int = 64 << 20  # its /dev/shm (memory-backed)


# Run inside the sandbox before the real command: set the limits (hard, so they cannot be raised), then
# become the command. It runs with -S -I: nothing of the student's exists yet, and nothing is imported.
_LIMIT_THEN_EXEC = """\
import os, resource, sys
memory, processes, file_bytes, open_files = map(int, sys.argv[1:5])
for kind, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_NPROC, processes),
                    (resource.RLIMIT_FSIZE, file_bytes), (resource.RLIMIT_NOFILE, open_files),
                    (resource.RLIMIT_CORE, 0)):
    resource.setrlimit(kind, (value, value))
os.execv(sys.argv[5], sys.argv[5:])
"""

# Run as root outside the sandbox, when processes are limited by a cgroup: join it, then become bubblewrap.
_JOIN_THEN_EXEC = """\
import os, sys
with open(sys.argv[1], "w") as procs:
    procs.write(str(os.getpid()))
os.execv(sys.argv[2], sys.argv[2:])
"""

# Environment variables inside the sandbox, besides PYTHONPATH and QANTAR_DATASETS (set from the grader's).
_ENV = {
    "HOME": WORK, "USER": "student", "LOGNAME": "student", "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8", "TMPDIR": "/tmp", "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
    "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1", "PYTHONDONTWRITEBYTECODE": "1",
    # One thread per library: many kernels share the cores, and threads count against the limit.
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
}
_SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
_SYSTEM_FILES = ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime", "/etc/fonts",
                 "/etc/alternatives", "/etc/mime.types"]


@dataclass
class Sandbox:
    """How to run a command in bubblewrap. ``visible`` are the folders it sees read-only."""

    bwrap: str
    python: str  # the interpreter the kernels and the function runner use
    visible: list[str]
    env: dict[str, str]
    limits: Limits = field(default_factory=Limits)
    hidden: list[str] = field(default_factory=list)  # covered by an empty folder if inside a visible one
    files: dict[str, str] = field(default_factory=dict)  # a host file shown read-only at a path in /tmp
    pids_cgroups: str | None = None  # where to make a pids cgroup per sandbox (root only), or None
    groups: dict[str, list[str]] = field(default_factory=dict)  # key -> the cgroups made for it

    name = "bubblewrap"

    @property
    def process_limit(self) -> str:
        """How processes are limited: "rlimit", "cgroup", or "none" (root without a usable cgroup)."""
        if os.geteuid() != 0:
            return "rlimit"
        return "cgroup" if self.pids_cgroups else "none"

    def hide(self, *paths) -> None:
        """Keep these folders (submissions, outputs, other kernels) out of sight, wherever they are."""
        for path in paths:
            if path is not None:
                self.hidden.append(os.path.realpath(path))

    def cover(self, path) -> None:
        """Put /dev/null in place of this file (a teacher's key file) if it lies in a visible folder: the
        sandbox's user cannot open it there, and sees nothing of the file."""
        real = os.path.realpath(path)
        if any(_inside(real, v) for v in self.visible):
            self.files[real] = os.devnull

    def command(self, argv: list[str], private: Path | None = None, key: str = "") -> list[str]:
        """``argv`` wrapped to run in the sandbox; ``private`` (a host folder) is its only writable one
        besides /tmp, at the same path inside. ``release(key)`` removes what was made for it."""
        return self._cgroup_prefix(key) + self._bwrap(argv, private)

    def _cgroup_prefix(self, key: str) -> list[str]:
        if not self.pids_cgroups:
            return []
        group = os.path.join(self.pids_cgroups, f"qantar-{secrets.token_hex(8)}")
        os.mkdir(group)
        self.groups.setdefault(key, []).append(group)
        with open(os.path.join(group, "pids.max"), "w") as limit:
            limit.write(str(self.limits.processes))
        return [self.python, "-I", "-S", "-c", _JOIN_THEN_EXEC, os.path.join(group, "cgroup.procs")]

    def release(self, key: str | None = None, wait: bool = False) -> None:
        """Remove the cgroups made for ``key`` (all if None). Without ``wait`` it tries once, so as not to
        hold up the other kernels: a group whose processes are still ending is left for a final
        ``release(wait=True)``, which tries for two seconds."""
        keys = list(self.groups) if key is None else [key]
        for group in [g for k in keys for g in self.groups.pop(k, [])]:
            if not _remove_group(group, tries=20 if wait else 1):
                self.groups.setdefault(_LATER, []).append(group)

    def _bwrap(self, argv: list[str], private: Path | None) -> list[str]:
        args = [self.bwrap, "--unshare-all", "--unshare-user", "--uid", str(SANDBOX_USER), "--gid",
                str(SANDBOX_USER), "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--clearenv", "--proc", "/proc", "--dev", "/dev"]
        args += _system_binds()
        # /tmp first: a folder Python needs may lie inside it (a test's PYTHONPATH), mounted over it next.
        args += ["--size", str(self.limits.tmp_bytes), "--perms", "1777", "--tmpfs", "/tmp",
                 "--perms", "0700", "--dir", WORK, "--perms", "0700", "--dir", "/tmp/matplotlib"]
        for path in self.visible:
            args += ["--ro-bind-try", path, path]
        for path in self.hidden:
            if any(_inside(path, v) for v in self.visible):
                args += ["--size", "65536", "--tmpfs", path]  # empty and tiny (room for mount points only)
        for target, source in self.files.items():
            args += ["--ro-bind-try", source, target]
        if private is not None:
            args += ["--bind", str(private), str(private)]
        # Shared memory gets a small tmpfs of its own; the sandbox's own root and /dev become read-only (they
        # are memory-backed and unbounded: writing there would escape the memory limit).
        args += ["--size", str(self.limits.shm_bytes), "--tmpfs", "/dev/shm", "--remount-ro", "/dev",
                 "--remount-ro", "/"]
        for name, value in {**_ENV, **self.env}.items():
            args += ["--setenv", name, value]
        limits = self.limits
        args += ["--chdir", WORK, "--", self.python, "-I", "-S", "-c", _LIMIT_THEN_EXEC,
                 str(limits.memory_bytes), str(limits.processes), str(limits.file_bytes), str(limits.open_files)]
        return args + list(argv)


_LATER = "(to remove later)"


def _remove_group(group: str, tries: int) -> bool:
    import time

    for attempt in range(tries):
        try:
            os.rmdir(group)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            if attempt + 1 < tries:
                time.sleep(0.1)
    return False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@functools.lru_cache(maxsize=1)
def _system_binds() -> tuple[str, ...]:
    args: list[str] = []
    for path in _SYSTEM:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in _SYSTEM_FILES:
        args += ["--ro-bind-try", path, path]
    return tuple(args)


def _python_path(python: str, env: dict) -> list[str]:
    """The folders the kernel's Python imports from (its sys.path, run from an empty folder)."""
    with tempfile.TemporaryDirectory(prefix="qantar-path-") as empty:
        done = subprocess.run([python, "-c", "import json, sys; print(json.dumps(sys.path))"], cwd=empty,
                              env=env, capture_output=True, text=True, timeout=60)
        entries = json.loads(done.stdout)
        return [p for p in entries if p and os.path.realpath(p) != os.path.realpath(empty)]


def _python_env() -> dict[str, str]:
    """What the sandbox keeps of the grader's environment: where Python finds the kit and its data."""
    env = {}
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    try:
        from .. import data

        env["QANTAR_DATASETS"] = str(Path(data.DATASETS).resolve())
    except Exception:  # noqa: BLE001 - the kit without its data still grades
        pass
    return env


def _matplotlib_cache() -> dict[str, str]:
    """The teacher's matplotlib font list, shown read-only in each sandbox: without it, every kernel
    that plots would spend a second building its own."""
    try:
        import matplotlib
        from matplotlib import font_manager

        name = f"fontlist-v{font_manager.FontManager.__version__}.json"
        source = Path(matplotlib.get_cachedir(), name)
        return {f"/tmp/matplotlib/{name}": str(source)} if source.is_file() else {}
    except Exception:  # noqa: BLE001
        return {}


def _visible(python: str, env: dict) -> list[str]:
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(python))}
    paths.update(_python_path(python, {**os.environ, **env}))
    if env.get("QANTAR_DATASETS"):
        paths.add(env["QANTAR_DATASETS"])
    real = {os.path.realpath(p) for p in paths if p and os.path.exists(p)}
    # A folder inside another is seen through it: bind the outer one only.
    return sorted(p for p in real if not any(q != p and _inside(p, q) for q in real))


def _own_cgroups():
    """The folders of this process's cgroups that could hold a pids controller (v1, then v2)."""
    try:
        lines = open("/proc/self/cgroup", encoding="utf-8").read().splitlines()
    except OSError:
        return
    for line in lines:
        hierarchy, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if "pids" in controllers.split(","):
            yield os.path.join("/sys/fs/cgroup/pids", path.lstrip("/"))
        elif hierarchy == "0":
            yield os.path.join("/sys/fs/cgroup", path.lstrip("/"))
            yield os.path.join("/sys/fs/cgroup/unified", path.lstrip("/"))


def _pids_cgroups() -> str | None:
    """Where root can make a cgroup that limits its processes (tried, not guessed), or None."""
    if os.geteuid() != 0:
        return None
    for folder in _own_cgroups():
        probe = os.path.join(folder, f"qantar-probe-{os.getpid()}")
        try:
            os.mkdir(probe)
        except OSError:
            continue
        try:
            usable = os.path.exists(os.path.join(probe, "pids.max"))
        finally:
            os.rmdir(probe)
        if usable:
            return folder
    return None


def _trial(sandbox: Sandbox) -> str:
    """Why ``sandbox`` does not work here ('' if it does): a short run must see no network."""
    probe = ("import socket, resource\n"
             "assert resource.getrlimit(resource.RLIMIT_NPROC)[0] > 0\n"
             "names = [n for _, n in socket.if_nameindex()]\n"
             "print('ok' if names == ['lo'] else 'network: ' + ' '.join(names))\n")
    try:
        done = subprocess.run(sandbox.command([sandbox.python, "-I", "-S", "-c", probe], key="trial"),
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as err:
        return f"bubblewrap could not be started ({err.__class__.__name__})"
    finally:
        sandbox.release("trial", wait=True)
    if done.stdout.strip() == "ok":
        return ""
    said = (done.stderr.strip().splitlines() or [done.stdout.strip() or f"exit status {done.returncode}"])[-1]
    return f"bubblewrap did not work here ({said[:200]})"


def find_sandbox(limits: Limits = Limits()) -> tuple[Sandbox | None, str]:
    """The sandbox to grade in, or None and why there is none (said to the teacher at the start). Tried
    once per process and environment (what it shows depends on PYTHONPATH and QANTAR_DATASETS)."""
    return _find(limits, os.environ.get("PYTHONPATH", ""), os.environ.get("QANTAR_DATASETS", ""))


@functools.lru_cache(maxsize=8)
def _find(limits: Limits, _pythonpath: str, _datasets: str) -> tuple[Sandbox | None, str]:
    if not sys.platform.startswith("linux"):
        return None, f"the grader's sandbox needs Linux (this is {sys.platform})"
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return None, "bubblewrap is not installed (on Debian or Ubuntu: sudo apt-get install bubblewrap)"
    python = sys.executable
    env = _python_env()
    try:
        visible = _visible(python, env)
    except (OSError, ValueError, subprocess.SubprocessError) as err:
        return None, f"the grader could not list the folders Python needs ({err.__class__.__name__})"
    sandbox = Sandbox(bwrap, python, visible, env, limits, files=_matplotlib_cache(), pids_cgroups=_pids_cgroups())
    problem = _trial(sandbox)
    return (None, problem) if problem else (sandbox, "")


def fresh(sandbox: Sandbox) -> Sandbox:
    """A copy to which one grading run adds the folders it hides."""
    return Sandbox(sandbox.bwrap, sandbox.python, list(sandbox.visible), dict(sandbox.env), sandbox.limits,
                   list(sandbox.hidden), dict(sandbox.files), sandbox.pids_cgroups)


def description(sandbox: Sandbox | None, reason: str = "") -> str:
    """One line for the teacher: what isolation this run gives."""
    if sandbox is None:
        return (f"No sandbox: {reason}. Student code runs as you, with your files, your network and the "
                "other kernels within its reach; grades are still judged outside it (see the README).")
    limits = sandbox.limits
    memory = f"at most {limits.memory_bytes >> 20} MB of memory per process"
    limited = f"{memory} and {limits.processes} processes"
    if sandbox.process_limit == "none":
        limited = f"{memory} (processes are not limited: the grader runs as root and cannot make a pids cgroup here)"
    return (f"Sandbox: bubblewrap. Each notebook runs with no network, sees no other submission, kernel or "
            f"file of yours, and has {limited}.")
