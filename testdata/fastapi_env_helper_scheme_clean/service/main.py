"""The flag chooses between two https frontends: every world trusts only https."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from service.envflags import is_env_var_true

app = FastAPI()

host = "app.example.com" if not is_env_var_true("STAGING") else "staging.example.com"
app.add_middleware(
    CORSMiddleware,
    allow_origins=[f"https://{host}"],
    allow_methods=["GET"],
)
