"""Old reporting endpoint, still used by the reports site (which also answers on http)."""
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

reports = FastAPI(title="Legacy reports")
reports.add_middleware(
    CORSMiddleware,
    allow_origin_regex=r"https?://(www\.)?reports\.acme-partners\.com",  # expect: COR106
    allow_credentials=True,
    allow_methods=["GET"],
)


@reports.get("/reports/{year}")
async def yearly(year: int):
    return {"year": year, "rows": []}
