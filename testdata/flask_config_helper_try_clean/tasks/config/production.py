SESSION_COOKIE_SECURE = True
# The web client and its admin console.
TASKS_CORS_ALLOW_ORIGINS = ["https://tasks.example.com/", "https://admin.tasks.example.com/"]
