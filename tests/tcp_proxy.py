"""A TCP forwarder that can be cut, hung and restored, to stand in for a network outage.

Used by the outage tests and by the soak (scripts/soak/) in front of PostgreSQL.
"""

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.up = True
        # Cleared while hanging: data is held, as by a server that stopped answering.
        self.flowing = threading.Event()
        self.flowing.set()
        self.held = []  # clients accepted while hanging, connected on restore
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if not self.up:
                    client.close()
                    continue
                if not self.flowing.is_set():
                    self.held.append(client)
                    continue
            self._connect(client)

    def _connect(self, client):
        try:
            upstream = socket.create_connection(self.target, timeout=2)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        self.connections += [client, upstream]
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        """Drop every open connection and refuse new ones."""
        with self.lock:
            self.up = False
            for connection in self.connections + self.held:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                    connection.close()
            self.connections, self.held = [], []
            self.flowing.set()  # wake held pipes so they see their closed sockets

    def hang(self):
        """Accept connections and forward nothing, on new and open connections alike."""
        with self.lock:
            self.up = True
            self.flowing.clear()

    def restore(self):
        """Forward again; what was held while hanging goes through, as when a server resumes."""
        with self.lock:
            self.up = True
            self.flowing.set()
            held, self.held = self.held, []
        for client in held:
            self._connect(client)

    def close(self):
        self.cut()
        self.listener.close()
