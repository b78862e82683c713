"""Generated configurations of growing size, for the large-configuration benchmark and
the stress suite (tests/test_stress.py): each shape is a function of ``n`` that returns
the files of a small project ({relative path: text})."""
from __future__ import annotations

from typing import Dict


def _host(i: int) -> str:
    return f"app{i}.tenant{i}.example.com"


def django_origins(n: int) -> Dict[str, str]:
    """A django-cors-headers allow-list of `n` literal origins."""
    entries = "".join(f'    "https://{_host(i)}",\n' for i in range(n))
    return {"settings.py": ('INSTALLED_APPS = ["corsheaders"]\n'
                            'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware",\n'
                            '              "django.middleware.common.CommonMiddleware"]\n'
                            "CORS_ALLOW_CREDENTIALS = True\n"
                            f"CORS_ALLOWED_ORIGINS = [\n{entries}]\n")}


def fastapi_origins(n: int) -> Dict[str, str]:
    """Starlette's CORSMiddleware with `n` literal origins."""
    entries = "".join(f'        "https://{_host(i)}",\n' for i in range(n))
    return {"main.py": ("from fastapi import FastAPI\n"
                        "from fastapi.middleware.cors import CORSMiddleware\n\n"
                        "app = FastAPI()\n"
                        "app.add_middleware(\n    CORSMiddleware,\n"
                        f"    allow_origins=[\n{entries}    ],\n"
                        "    allow_credentials=True,\n)\n")}


def django_regexes(n: int) -> Dict[str, str]:
    """A django-cors-headers list of `n` origin regexes (one per tenant domain)."""
    entries = "".join(f'    r"^https://([a-z0-9-]+\\.)?tenant{i}\\.example\\.com$",\n' for i in range(n))
    return {"settings.py": ('INSTALLED_APPS = ["corsheaders"]\n'
                            "CORS_ALLOW_CREDENTIALS = True\n"
                            f"CORS_ALLOWED_ORIGIN_REGEXES = [\n{entries}]\n")}


def header_lists(n: int) -> Dict[str, str]:
    """Starlette with `n` allowed and exposed headers and every method (lower-case too)."""
    headers = "".join(f'        "X-Header-{i}",\n' for i in range(n))
    return {"main.py": ("from starlette.applications import Starlette\n"
                        "from starlette.middleware.cors import CORSMiddleware\n\n"
                        "app = Starlette()\n"
                        "app.add_middleware(\n    CORSMiddleware,\n"
                        '    allow_origins=["https://app.example.com"],\n'
                        f"    allow_headers=[\n{headers}    ],\n"
                        f"    expose_headers=[\n{headers}    ],\n"
                        '    allow_methods=["GET", "post", "PUT", "DELETE", "PATCH"],\n)\n')}


def alternation(n: int) -> Dict[str, str]:
    """One origin regex with an `n`-way alternation of tenant names."""
    names = "|".join(f"tenant{i}" for i in range(n))
    return {"main.py": ("from fastapi import FastAPI\n"
                        "from fastapi.middleware.cors import CORSMiddleware\n\n"
                        "app = FastAPI()\n"
                        "app.add_middleware(\n    CORSMiddleware,\n"
                        f'    allow_origin_regex=r"https://({names})\\.example\\.com",\n'
                        "    allow_credentials=True,\n)\n")}


def concatenation(n: int) -> Dict[str, str]:
    """An allow-list built by `n` concatenations, each adding one origin."""
    lines = ['O0 = ["https://app0.example.com"]']
    for i in range(1, n + 1):
        lines.append(f'O{i} = O{i - 1} + ["https://app{i}.tenant{i}.example.com"]')
    return {"settings.py": ('INSTALLED_APPS = ["corsheaders"]\n' + "\n".join(lines) +
                            f"\nCORS_ALLOWED_ORIGINS = O{n}\n")}


def doubling(n: int) -> Dict[str, str]:
    """An allow-list built by `n` self-concatenations (`O1 = O0 + O0`): 2**n entries."""
    lines = ['O0 = ["https://app.example.com", "http://localhost:3000"]']
    for i in range(1, n + 1):
        lines.append(f"O{i} = O{i - 1} + O{i - 1}")
    return {"settings.py": ('INSTALLED_APPS = ["corsheaders"]\n' + "\n".join(lines) +
                            f"\nCORS_ALLOWED_ORIGINS = O{n}\n")}


def large_settings(megabytes: float) -> Dict[str, str]:
    """A settings module of about `megabytes` MB (generated data around a CORS block)."""
    line = 'TRANSLATION_{i} = {{"key": "message.{i}", "text": "Some translated text number {i} here"}}\n'
    body = []
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        text = line.format(i=i)
        body.append(text)
        size += len(text)
        i += 1
    return {"settings.py": ('INSTALLED_APPS = ["corsheaders"]\n'
                            'CORS_ALLOWED_ORIGINS = ["https://app.example.com", "http://app.example.com"]\n'
                            + "".join(body))}


SHAPES = {
    "django-origins": django_origins,
    "fastapi-origins": fastapi_origins,
    "django-regexes": django_regexes,
    "header-lists": header_lists,
    "alternation": alternation,
    "concatenation": concatenation,
}


def write(folder: str, files: Dict[str, str]) -> str:
    import os
    for name, text in files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return folder
