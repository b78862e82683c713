SECRET_KEY = "change-me"
TRACKER_CORS_ALLOW_ORIGINS = ["https://tracker.example.com"]
CORS_SUPPORTS_CREDENTIALS = True
