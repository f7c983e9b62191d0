"""A TCP relay in a thread that can be frozen: it keeps the connections open and stops passing bytes.

That is what a frozen server looks like from the client (a paused VM, a stopped process, a cable cut
after the handshake): the connection stays up, the client's bytes are accepted by the kernel and
nothing ever comes back.
"""

from __future__ import annotations

import selectors
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class FreezableRelay:
    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.frozen = threading.Event()
        self.stopped = threading.Event()
        self.sockets: list[socket.socket] = [self.listener]
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        selector.register(self.listener, selectors.EVENT_READ)
        while not self.stopped.is_set():
            for key, _ in selector.select(timeout=0.05):
                if key.fileobj is self.listener:
                    client, _ = self.listener.accept()
                    server = socket.create_connection(self.target)
                    self.sockets += [client, server]
                    selector.register(client, selectors.EVENT_READ, server)
                    selector.register(server, selectors.EVENT_READ, client)
                    continue
                if self.frozen.is_set():  # leave the bytes where they are: nothing goes through
                    continue
                source = key.fileobj
                assert isinstance(source, socket.socket)
                try:
                    data = source.recv(65536)
                except OSError:
                    data = b""
                if not data:
                    selector.unregister(source)
                    continue
                key.data.sendall(data)
            if self.frozen.is_set():
                self.stopped.wait(0.05)
        selector.close()


@contextmanager
def relay_to(host: str, port: int) -> Iterator[FreezableRelay]:
    relay = FreezableRelay(host, port)
    relay.thread.start()
    try:
        yield relay
    finally:
        relay.stopped.set()
        relay.thread.join(timeout=5)
        for sock in relay.sockets:
            sock.close()
