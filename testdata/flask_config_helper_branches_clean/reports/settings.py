import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "change-me")
    # "cloud" (our hosted service) or "on-premise" (installed in a customer's network).
    DEPLOYMENT = os.environ.get("REPORTS_DEPLOYMENT", "cloud")
    PUBLIC_DASHBOARDS = os.environ.get("REPORTS_PUBLIC_DASHBOARDS", "") == "1"
