"""A small but real OpenID Connect provider for tests, on a local port.

It does what Microsoft Entra ID does in the authorization-code flow: discovery document,
an authorize page (a form where the test "signs in" with an e-mail address), the token
endpoint (client secret and PKCE checked) returning an RS256-signed id_token with the nonce,
the JWKS with its public key, and userinfo. Our code talks to it over HTTP through
mozilla-django-oidc exactly as to a real provider; nothing of ours is mocked.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class OIDCProvider:
    def __init__(self, *, client_id: str = "werkplekleren-test", client_secret: str = "s3cret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.sign_with_other_key = False  # an id_token our JWKS cannot verify
        self.issuer_override = None  # an id_token from another issuer
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: bytes, content_type: str, headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, data: dict):
                self._send(status, json.dumps(data).encode(), "application/json")

            def _form(self) -> dict:
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length).decode()
                return {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    self._json(200, {"keys": [provider.jwk()]})
                elif url.path == "/authorize":
                    self._send(200, provider.login_page(query).encode(), "text/html")
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.access_tokens.get(token)
                    if claims is None:
                        self._json(401, {"error": "invalid_token"})
                    else:
                        self._json(200, claims)
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self):
                url = urlsplit(self.path)
                form = self._form()
                if url.path == "/authorize":
                    status, location = provider.authorize(form)
                    if status == 302:
                        self._send(302, b"", "text/plain", {"Location": location})
                    else:
                        self._send(400, location.encode(), "text/plain")
                elif url.path == "/token":
                    status, data = provider.token(form)
                    self._json(status, data)
                else:
                    self._json(404, {"error": "not_found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"

    # --- protocol -----------------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwk(self) -> dict:
        numbers = self.key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": _int_b64(numbers.n),
            "e": _int_b64(numbers.e),
        }

    def login_page(self, query: dict) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in query.items()
            if k != "login_hint"
        )
        hint = html.escape(query.get("login_hint", ""))
        return (
            "<!doctype html><html><head><title>Testprovider</title></head><body>"
            "<h1>Aanmelden bij de testprovider</h1>"
            f'<form method="post" action="/authorize">{hidden}'
            f'<label for="email">E-mail</label><input id="email" name="email" value="{hint}">'
            '<button type="submit" id="signin">Aanmelden</button></form></body></html>'
        )

    def authorize(self, form: dict) -> tuple[int, str]:
        if form.get("client_id") != self.client_id or form.get("response_type") != "code":
            return 400, "unknown client"
        if not form.get("redirect_uri") or not form.get("email"):
            return 400, "missing redirect_uri or email"
        code = secrets.token_urlsafe(24)
        self.codes[code] = form
        return 302, form["redirect_uri"] + "?" + urlencode(
            {"code": code, "state": form.get("state", "")}
        )

    def token(self, form: dict) -> tuple[int, dict]:
        self.token_requests.append(form)
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return 400, {"error": "invalid_grant"}
        if form.get("client_id") != self.client_id or form.get("client_secret") != (
            self.client_secret
        ):
            return 401, {"error": "invalid_client"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
        if grant.get("code_challenge"):
            verifier = form.get("code_verifier", "")
            challenge = b64url(hashlib.sha256(verifier.encode()).digest())
            if challenge != grant["code_challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        claims = {
            "iss": self.issuer_override or self.issuer,
            "sub": hashlib.sha256(grant["email"].encode()).hexdigest()[:24],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant.get("nonce", ""),
            "email": grant["email"],
            "name": grant["email"].split("@")[0],
        }
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = {k: claims[k] for k in ("sub", "email", "name")}
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.sign(claims),
        }

    def sign(self, claims: dict) -> str:
        key = self.key
        if self.sign_with_other_key:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        header = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        signing_input = (
            b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        )
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)

    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    # --- life ---------------------------------------------------------------------------

    def start(self) -> "OIDCProvider":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        self.sign_with_other_key = False
        self.issuer_override = None
        self.token_requests.clear()
