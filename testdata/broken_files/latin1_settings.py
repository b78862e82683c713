# expect: COR002
from fastapi.middleware.cors import CORSMiddleware
ORIGINS = ["https://café.example.com"]
