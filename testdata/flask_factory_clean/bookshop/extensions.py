from flask_cors import CORS
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
cors = CORS(max_age=3600, expose_headers=["X-Total-Count"])
