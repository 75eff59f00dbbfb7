"""The outage stand-in itself: TcpProxy forwards, refuses, hangs and lets through on restore."""

import socket
import threading

import pytest

from tests.tcp_proxy import TcpProxy


@pytest.fixture
def echo_port():
    server = socket.create_server(("127.0.0.1", 0))

    def echo(connection):
        with connection:
            while data := connection.recv(1024):
                connection.sendall(data)

    def serve():
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=echo, args=(connection,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1]
    server.close()


@pytest.fixture
def proxy(echo_port):
    proxy = TcpProxy("127.0.0.1", echo_port)
    yield proxy
    proxy.close()


def connect(proxy):
    client = socket.create_connection(("127.0.0.1", proxy.port), timeout=2)
    client.settimeout(2)
    return client


def closed(client):
    """The proxy closed this connection: end of stream, or a reset if data was unread."""
    try:
        return client.recv(100) == b""
    except ConnectionResetError:
        return True


def test_hang_holds_open_and_new_connections_and_restore_lets_them_through(proxy):
    open_before = connect(proxy)
    open_before.sendall(b"before")
    assert open_before.recv(100) == b"before"

    proxy.hang()
    open_before.sendall(b"held")
    opened_during = connect(proxy)  # accepted, like a stopped server's listen queue
    opened_during.sendall(b"queued")
    for client in (open_before, opened_during):
        client.settimeout(0.3)
        with pytest.raises(TimeoutError):
            client.recv(100)

    proxy.restore()
    for client, sent in ((open_before, b"held"), (opened_during, b"queued")):
        client.settimeout(2)
        assert client.recv(100) == sent


def test_cut_refuses_until_restored(proxy):
    proxy.cut()
    assert closed(connect(proxy))  # at once

    proxy.restore()
    client = connect(proxy)
    client.sendall(b"back")
    assert client.recv(100) == b"back"


def test_cut_while_hanging_drops_what_was_held(proxy):
    proxy.hang()
    held = connect(proxy)
    held.sendall(b"x")
    proxy.cut()
    assert closed(held)
