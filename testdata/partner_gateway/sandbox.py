"""Sandbox for partners' developers: any site may call it, without cookies."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

sandbox = FastAPI(title="Partner sandbox")
sandbox.add_middleware(
    CORSMiddleware,
    allow_origin_regex=r"https://.*",  # expect: COR203
    allow_methods=["GET"],
)


@sandbox.get("/echo")
async def echo(q: str = ""):
    return {"q": q}
