TRACKER_CORS_ALLOW_ORIGINS = ["https://tracker.example.com", "https://admin.tracker.example.com"]
