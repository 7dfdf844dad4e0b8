"""A webhook receiver for tests: a real HTTP server on 127.0.0.1 that
records what it gets and checks signatures the way a user's would."""
import collections
import http.server
import json
import threading
import time

import fixtures

from promise.notifications import signing

Received = collections.namedtuple(
    'Received', 'path headers body json signature_ok at')


class Receiver(fixtures.Fixture):
    """``answers``: a status code, or a function of the request count
    returning a status code or (status code, extra headers)."""

    def __init__(self, secret=None, answers=204, delay=0.0):
        super().__init__()
        self.secret = secret
        self.answers = answers
        self.delay = delay
        self.received = []
        self.lock = threading.Lock()
        # Requests being answered right now (sleeping in ``delay``).
        self.in_flight = 0

    def _setUp(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length)
                ok = None
                if receiver.secret is not None:
                    ok = signing.verify(
                        receiver.secret, body,
                        self.headers.get(signing.HEADER))
                try:
                    document = json.loads(body)
                except ValueError:
                    document = None
                with receiver.lock:
                    receiver.received.append(Received(
                        self.path, dict(self.headers), body, document, ok,
                        time.monotonic()))
                    count = len(receiver.received)
                    receiver.in_flight += 1
                try:
                    if receiver.delay:
                        time.sleep(receiver.delay)
                finally:
                    with receiver.lock:
                        receiver.in_flight -= 1
                answer = receiver.answers(count) \
                    if callable(receiver.answers) else receiver.answers
                status, headers = answer if isinstance(answer, tuple) \
                    else (answer, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self.server.daemon_threads = True
        thread = threading.Thread(target=self.server.serve_forever,
                                  kwargs={'poll_interval': 0.1},
                                  daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)
        self.url = 'http://127.0.0.1:%d/hook' % self.server.server_port

    def events(self):
        """Bodies received, in arrival order."""
        with self.lock:
            return [r.json for r in self.received]

    def event_types(self):
        return [e['event_type'] for e in self.events()]

    def event_ids(self):
        return {e['event_id'] for e in self.events()}
