from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from notes.settings import admin_config, get_settings, reports_config, support_config

settings = get_settings()

app = FastAPI(title="notes")
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True)

partners = FastAPI(title="notes partners")
partners.add_middleware(CORSMiddleware, allow_origins=settings.partner_origins, allow_credentials=True)
app.mount("/partners", partners)

uploads = FastAPI(title="notes uploads")
uploads.add_middleware(
    CORSMiddleware,
    allow_origin_regex=settings.uploads.allow_origin_regex,
    max_age=settings.uploads.max_age,
)
app.mount("/uploads", uploads)

ADMIN_CORS = {
    "allow_origins": admin_config.origins,
    "allow_credentials": admin_config.credentials,
    "expose_headers": admin_config.expose,
    "allow_headers": None,
}
admin = FastAPI(title="notes admin")
admin.add_middleware(
    CORSMiddleware,
    **{option: value for option, value in ADMIN_CORS.items() if value is not None},
    max_age=getattr(admin_config, "max_age", 60 * 60 * 24 * 30),
)
app.mount("/admin", admin)

reports = FastAPI(title="notes reports")
reports.add_middleware(CORSMiddleware, allow_origins=reports_config.origins,
                       allow_credentials=reports_config.credentials)
app.mount("/reports", reports)

support = FastAPI(title="notes support")
support.add_middleware(CORSMiddleware, allow_origins=support_config.origins, allow_credentials=True)
app.mount("/support", support)
