"""The same API with a default that names the trusted origins: split with a regex, the
list is known, and every entry is a trusted https origin."""
import os
import re

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="notes")

DEFAULT_ORIGINS = "https://notes.example.com, https://admin.example.com"

app.add_middleware(
    CORSMiddleware,
    allow_origins=re.split(r",\s*", os.environ.get("ORIGINS", DEFAULT_ORIGINS)),
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)


@app.get("/notes")
def list_notes():
    return []
