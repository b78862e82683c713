from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(  # expect: COR001
app.add_middleware(CORSMiddleware, allow_origins=["*"])
