"""A real local SMTP server for tests: it receives what the Celery worker sends.

Not a mock of our code: Django's SMTP backend in the worker process talks to it over a
socket. ``hang()`` makes it accept connections and then say nothing (a mail server that
hangs), until ``release()``.
"""

import email
import email.policy
import socketserver
import threading
import time


class SMTPServer:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.hung_connections = 0
        self._released = threading.Event()
        self._released.set()
        self.lock = threading.Lock()
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                if not server._released.is_set():
                    with server.lock:
                        server.hung_connections += 1
                    server._released.wait(timeout=120)
                    return  # the client has given up by now; hang up
                self.reply("220 localhost test SMTP")
                recipients = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode("utf-8", "replace").strip()
                    verb = command[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250-localhost")
                        self.reply("250 8BITMIME")
                    elif verb == "MAIL":
                        recipients = []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        recipients.append(command.split(":", 1)[1].strip(" <>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        data = []
                        while True:
                            chunk = self.rfile.readline()
                            if chunk in (b".\r\n", b".\n", b""):
                                break
                            data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                        message = email.message_from_bytes(
                            b"".join(data), policy=email.policy.default
                        )
                        message["X-Test-Recipients"] = ",".join(recipients)
                        with server.lock:
                            server.messages.append(message)
                        self.reply("250 OK queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:  # RSET, NOOP and the rest
                        self.reply("250 OK")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def start(self) -> "SMTPServer":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._released.set()
        self.server.shutdown()
        self.server.server_close()

    def hang(self) -> None:
        self._released.clear()

    def release(self) -> None:
        self._released.set()

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.hung_connections = 0

    def wait_for(self, predicate, timeout: float = 60.0):
        """The first received message for which ``predicate(message)`` holds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for message in self.messages:
                    if predicate(message):
                        return message
            time.sleep(0.1)
        raise AssertionError(
            f"no such mail within {timeout}s; got {[m['Subject'] for m in self.messages]}"
        )

    def to(self, address: str, timeout: float = 60.0):
        return self.wait_for(
            lambda m: address in m.get("X-Test-Recipients", "").split(","), timeout
        )


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
