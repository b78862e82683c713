"""Settings every environment shares."""
SECRET_KEY = "change-me"
CORS_SUPPORTS_CREDENTIALS = True
CORS_ORIGINS = ["https://notes.example.com"]
