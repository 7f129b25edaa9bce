"""No network in the query child: whatever the checks miss, the engine cannot reach a socket.

:func:`enter` is called in the forked child (:mod:`pmograph.sparql.deadline`)
before the query is evaluated.  It tries, in order:

1. a network namespace of the child's own (``unshare(CLONE_NEWNET)``, and
   with ``CLONE_NEWUSER`` where the process is not root, which Linux allows
   unprivileged where user namespaces are enabled): the child has no network
   interface at all, not even loopback;
2. a seccomp filter that makes ``socket(AF_INET | AF_INET6, ...)`` fail
   with ``EACCES`` (``prctl(PR_SET_NO_NEW_PRIVS)`` first, so no privilege is
   needed; x86-64 and AArch64);
3. nothing, where neither exists (not Linux, or both refused by the
   container): the query then rests on the parsed-form check and the scan
   alone.  :func:`available` says which applies here.

With ``allow_remote=True`` the child is not confined (SERVICE needs the
network).  The child also asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG``), so that no query outlives ``pmograph`` whatever ends it.
"""

from __future__ import annotations

import ctypes
import os
import platform
import signal
import struct
import sys

NAMESPACE = "network namespace"
SECCOMP = "seccomp filter"
NONE = "none"

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_PR_SET_PDEATHSIG = 1
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
# (audit arch, socket syscall number) per machine
_ARCHES = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to call
        return None


def die_with_parent(parent: int) -> None:
    """Ask the kernel to SIGKILL this process when ``parent`` dies (Linux; elsewhere nothing)."""
    libc = _libc()
    if libc is None:
        return
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _unshare() -> bool:
    libc = _libc()
    if libc is None:
        return False
    attempts = [_CLONE_NEWNET] if os.geteuid() == 0 else []
    attempts.append(_CLONE_NEWUSER | _CLONE_NEWNET)
    return any(libc.unshare(flags) == 0 for flags in attempts)


def _seccomp() -> bool:
    libc = _libc()
    arch = _ARCHES.get(platform.machine())
    if libc is None or arch is None:
        return False
    audit_arch, nr_socket = arch
    ld_abs, jeq, ret = (
        0x20,
        0x15,
        0x06,
    )  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, refuse = 0x7FFF0000, 0x00050000 | 13  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | EACCES
    program = [
        (ld_abs, 0, 0, 4),  # seccomp_data.arch
        (jeq, 0, 5, audit_arch),  # another arch: allow
        (ld_abs, 0, 0, 0),  # seccomp_data.nr
        (jeq, 0, 3, nr_socket),  # not socket(): allow
        (ld_abs, 0, 0, 16),  # args[0], the address family (low 32 bits)
        (jeq, 2, 0, 2),  # AF_INET: refuse
        (jeq, 1, 0, 10),  # AF_INET6: refuse
        (ret, 0, 0, allow),
        (ret, 0, 0, refuse),
    ]
    filters = b"".join(struct.pack("HBBI", *insn) for insn in program)
    buffer = ctypes.create_string_buffer(filters)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = SockFprog(len(program), ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) == 0)


def enter(method: str | None = None) -> str:
    """Cut this (child) process off the network; return how (:data:`NAMESPACE`, :data:`SECCOMP`, :data:`NONE`).

    ``method`` forces one way (for tests); by default the first that works.
    Call it only in a child process: it cannot be undone.
    """
    forced = method or os.environ.get("PMOGRAPH_SANDBOX_METHOD") or None
    if forced in (None, NAMESPACE) and _unshare():
        return NAMESPACE
    if forced in (None, SECCOMP) and _seccomp():
        return SECCOMP
    return NONE


def available() -> str:
    """Which confinement a query child gets on this machine (probed in a short-lived child)."""
    if not hasattr(os, "fork"):
        return NONE
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.close(read_fd)
            os.write(write_fd, enter().encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        answer = os.read(read_fd, 100).decode() or NONE
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
    return answer
