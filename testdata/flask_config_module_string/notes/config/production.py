DEBUG = False
CORS_ORIGINS = ["https://notes.example.com", "https://admin.notes.example.com"]
