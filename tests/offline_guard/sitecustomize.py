"""Offline guard for the kit's tests. Python loads this file at start-up (as ``sitecustomize``) in every
process whose PYTHONPATH starts with tests/offline_guard: tests/test_offline.py starts notebook kernels so.

Any attempt to reach a non-local address is written to the file named by $QANTAR_OFFLINE_LOG and refused
with ``OfflineError`` BEFORE anything leaves the machine: the socket's connect/sendto is never called and
host names other than localhost are never resolved (no DNS query). Loopback and Unix sockets still work
(the kernel talks to its client over 127.0.0.1). ``OfflineError`` is an ``OSError``, so library code
behaves as it would with the network cable out; the log catches code that swallows the error.
"""
import ipaddress
import os
import socket

_LOG = os.environ.get("QANTAR_OFFLINE_LOG")
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class OfflineError(ConnectionRefusedError):
    """Raised instead of opening a connection to a non-local address."""


def _is_local(host) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").lower()
    if host in _LOCAL_NAMES or host == socket.gethostname().lower():
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # a host name that is not localhost
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def _refuse(what: str, target) -> None:
    message = f"offline guard: {what} {target!r} refused (pid {os.getpid()})"
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(message + "\n")
    raise OfflineError(message)


def _check_address(sock, address, what):
    if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and address:
        if not _is_local(address[0]):
            _refuse(what, address)


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto, _sendmsg = socket.socket.sendto, socket.socket.sendmsg
_getaddrinfo, _gethostbyname, _gethostbyname_ex = socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex


def connect(self, address):
    _check_address(self, address, "connect to")
    return _connect(self, address)


def connect_ex(self, address):
    _check_address(self, address, "connect to")
    return _connect_ex(self, address)


def sendto(self, data, *args):
    _check_address(self, args[-1] if args else None, "send to")
    return _sendto(self, data, *args)


def sendmsg(self, buffers, *args):
    if len(args) >= 3:
        _check_address(self, args[2], "send to")
    return _sendmsg(self, buffers, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _is_local(host):
        _refuse("look up", host)
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _is_local(host):
        _refuse("look up", host)
    return _gethostbyname(host)


def gethostbyname_ex(host):
    if not _is_local(host):
        _refuse("look up", host)
    return _gethostbyname_ex(host)


socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
socket.socket.sendto, socket.socket.sendmsg = sendto, sendmsg
socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex = getaddrinfo, gethostbyname, gethostbyname_ex
socket.OfflineError = OfflineError  # so a test can name the error
os.environ["QANTAR_OFFLINE_GUARD"] = "1"
