from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from catalog.cors import opts, partner_opts

app = FastAPI()
app.add_middleware(CORSMiddleware, **opts)

partners = FastAPI()
partners.add_middleware(CORSMiddleware, **partner_opts)
app.mount("/partners", partners)
