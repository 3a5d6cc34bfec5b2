"""A real local HTTP server that speaks the OpenAI chat-completions and embeddings protocol.

Tests script its replies (status, content, delay) and read the requests it received. It is
not a mock of our code: the openai SDK talks to it over a socket, exactly as to OpenAI.
"""

import hashlib
import json
import math
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    content: str | None = None  # the assistant message; None = a valid default proposal
    delay: float = 0.0
    trickle: float = 0.0  # send the body one byte every this many seconds
    finish_reason: str = "stop"  # "length": cut off at the token limit
    refusal: str | None = None  # the model's refusal (content then empty)


def proposal(**overrides) -> dict:
    data = {
        "titel": "Vaste overdracht met checklist",
        "probleem": "Informatie gaat verloren bij de overdracht.",
        "voorstel": [
            {"stap": "Elke dag om 14:30 een korte overdracht.", "ideeen": [1]},
            {"stap": "Een checklist in het dossier.", "ideeen": [1, 2]},
        ],
        "verwachte_opbrengst": [{"vraag": 1, "opbrengst": "Minder fouten in de zorg."}],
        "risicos_en_aandachtspunten": ["Een AI-samenvatting kan fouten bevatten."],
        "inzet_ai": "AI vat de dag samen; de dienst controleert altijd.",
        "benodigde_kennis_en_vaardigheden": ["Kort en precies rapporteren"],
        "aannames": ["Iedereen heeft om 14:30 vijf minuten."],
        "onzekerheden": ["Of de checklist na een maand nog gebruikt wordt."],
        "alternatieven": [
            {"alternatief": "Een overdrachtsapp", "waarom_niet": "Te duur voor een proef."}
        ],
        "weggelaten_ideeen": [{"idee": 3, "waarom": "Weinig stemmen en lastig te regelen."}],
        "eerste_stap": "Volgende week een proef van vijf dagen.",
        "eigenaar": "De teamcoördinator",
        "effectmeting": "Tel een maand lang de gemiste overdrachtspunten.",
    }
    data.update(overrides)
    return data


EMBEDDING_DIMENSIONS = 256
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def embedding(text: str) -> list[float]:
    """A deterministic embedding: the character trigrams of the text's words (with word
    boundaries), hashed into 256 dimensions and normalised. Texts sharing word parts point
    the same way ("overdracht" and "overdrachten"), unlike a model it knows no synonyms."""
    vector = [0.0] * EMBEDDING_DIMENSIONS
    for word in _WORD.findall(text.lower()):
        padded = f"<{word}>"
        for i in range(len(padded) - 2):
            digest = hashlib.sha1(padded[i : i + 3].encode()).digest()
            bucket = int.from_bytes(digest[:4], "little") % EMBEDDING_DIMENSIONS
            vector[bucket] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


class LLMServer:
    def __init__(self):
        self.replies: list[Reply] = []
        # Replies for /v1/embeddings (status and delay count; content is ignored).
        self.embedding_replies: list[Reply] = []
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/").endswith("/embeddings"):
                    return self._embeddings(body)
                with server.lock:
                    server.requests.append({"path": self.path, "body": body})
                    reply = server.replies.pop(0) if server.replies else Reply()
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    payload = {"error": {"message": f"status {reply.status}", "type": "test"}}
                else:
                    content = reply.content
                    if content is None:
                        content = json.dumps(proposal(), ensure_ascii=False)
                    payload = {
                        "id": "chatcmpl-test",
                        "object": "chat.completion",
                        "created": int(time.time()),
                        "model": body.get("model", "test-model"),
                        "choices": [
                            {
                                "index": 0,
                                "message": {
                                    "role": "assistant",
                                    "content": None if reply.refusal else content,
                                    "refusal": reply.refusal,
                                },
                                "finish_reason": reply.finish_reason,
                            }
                        ],
                        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                    }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if reply.trickle:
                        for index in range(len(data)):
                            self.wfile.write(data[index : index + 1])
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def _embeddings(self, body):
                with server.lock:
                    server.requests.append({"path": self.path, "body": body})
                    reply = server.embedding_replies.pop(0) if server.embedding_replies else Reply()
                if reply.delay:
                    time.sleep(reply.delay)
                texts = body.get("input", [])
                if isinstance(texts, str):
                    texts = [texts]
                if reply.status != 200:
                    payload = {"error": {"message": f"status {reply.status}", "type": "test"}}
                else:
                    payload = {
                        "object": "list",
                        "model": body.get("model", "test-embedding"),
                        "data": [
                            {"object": "embedding", "index": i, "embedding": embedding(t)}
                            for i, t in enumerate(texts)
                        ],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1},
                    }
                data = json.dumps(payload).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def start(self) -> "LLMServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def script(self, *replies: Reply, embeddings: tuple[Reply, ...] = ()) -> None:
        with self.lock:
            self.replies = list(replies)
            self.embedding_replies = list(embeddings)
            self.requests = []
