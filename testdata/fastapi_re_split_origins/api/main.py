"""An API whose origins come from a comma-separated variable, split with a regex so that
spaces after the commas are allowed. Unset, the default lets every origin in."""
import os
import re

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="notes")

app.add_middleware(
    CORSMiddleware,
    allow_origins=re.split(r",\s*", os.environ.get("ORIGINS", "*")),  # expect: COR101
    allow_credentials=True,
    allow_methods=["GET", "POST"],
)


@app.get("/notes")
def list_notes():
    return []
