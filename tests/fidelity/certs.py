"""A certificate for the run's https origins, made with the openssl command.

Python's ssl module can load a certificate but cannot make one, and the `cryptography`
package would be a new dependency for a few lines; openssl is on every Debian machine.
Chromium trusts the key through --ignore-certificate-errors-spki-list (the SHA-256 of the
key's SubjectPublicKeyInfo), which accepts this one key for any host name and leaves every
other certificate check, and every CORS check, as in a normal browser.
"""
from __future__ import annotations

import base64
import hashlib
import os
import ssl
import subprocess
from dataclasses import dataclass


@dataclass
class Certificate:
    cert_path: str
    key_path: str
    spki_sha256: str

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context


def make_certificate(folder: str) -> Certificate:
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run([
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", key, "-out", cert, "-subj", "/CN=corslint fidelity",
        "-addext", "subjectAltName=DNS:*.test,DNS:*.example,DNS:*.example.com,DNS:localhost",
    ], check=True, capture_output=True)
    der = subprocess.run(["openssl", "x509", "-in", cert, "-pubkey", "-noout"],
                         check=True, capture_output=True).stdout
    spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=der,
                          check=True, capture_output=True).stdout
    return Certificate(cert, key, base64.b64encode(hashlib.sha256(spki).digest()).decode())
