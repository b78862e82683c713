"""A free-form part at the end of a host (`app\\.example\\.com(.*)`, as spiff-arena builds its
origin regex) is shown with an origin someone can register, not with the trusted name's
top-level label made longer (`app.example.comevil`, a name nobody can register)."""
from __future__ import annotations

from corslint.run.engine import check_sources

APP = '''from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex={pattern!r}, allow_credentials=True)
'''


def cor203(pattern):
    found = check_sources([("app.py", APP.format(pattern=pattern))]).findings
    return [f.message for f in found if f.code == "COR203"]


def test_a_trailing_free_form_part_is_shown_with_a_registrable_suffix():
    (message,) = cor203(r"^https:\/\/app\.example\.com(.*)")
    assert "comevil" not in message
    assert ".evil." in message and "continue past the trusted name" in message


def test_a_leading_free_form_part_is_still_filled_by_the_attacker():
    (message,) = cor203(r"https://.*example\.com")
    assert "https://evilexample.com" in message
