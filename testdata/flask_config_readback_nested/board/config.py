import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev")
    # Comma-separated, as the deployment's environment gives them.
    FRONTEND_ORIGINS = os.environ.get("FRONTEND_ORIGINS", "*")
    WIDGET_ORIGINS = os.environ.get("WIDGET_ORIGINS", "https://board.example.com, http://widgets.example.com")  # expect: COR106
    PARTNER_ORIGINS = ["https://partner.example.com", "null"]  # expect: COR105
    ADMIN_ORIGINS = ["https://admin.board.example.com"]
