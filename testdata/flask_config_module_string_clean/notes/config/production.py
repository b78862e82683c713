DEBUG = False
CORS_ORIGINS = ["https://notes.example.com", "https://admin.notes.example.com"]
# Read by the admin dashboard only; Flask's from_object skips lower-case names.
cors_origins_for_docs = "*"
