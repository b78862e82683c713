"""Served behind a TLS proxy by default; NO_HTTPS=1 switches the trusted frontend to
plain http (a flag read through a helper of the project's own)."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from service.envflags import is_env_var_true

app = FastAPI()

scheme = "https" if not is_env_var_true("NO_HTTPS") else "http"
app.add_middleware(
    CORSMiddleware,
    allow_origins=[f"{scheme}://app.example.com"],  # expect: COR106
    allow_methods=["GET"],
)
