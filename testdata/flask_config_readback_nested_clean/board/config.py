import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    # Comma-separated, as the deployment's environment gives them.
    FRONTEND_ORIGINS = os.environ.get("FRONTEND_ORIGINS", "https://board.example.com")
    WIDGET_ORIGINS = os.environ.get("WIDGET_ORIGINS", "https://board.example.com, https://widgets.example.com")
    PARTNER_ORIGINS = ["https://partner.example.com"]
    ADMIN_ORIGINS = ["https://admin.board.example.com"]
