from fastapi import APIRouter, Response
from fastapi.responses import PlainTextResponse

router = APIRouter(prefix="/reports")

REPORTS = {"weekly": "week,total\n1,10\n", "monthly": "month,total\n1,40\n"}


@router.get("/")
def list_reports(response: Response) -> list:
    response.headers["x-total-count"] = str(len(REPORTS))
    response.headers["X-RateLimit-Remaining"] = "99"
    response.headers["Content-Language"] = "en"
    return sorted(REPORTS)


@router.get("/{name}.csv")
def download(name: str) -> PlainTextResponse:
    return PlainTextResponse(REPORTS[name], headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
