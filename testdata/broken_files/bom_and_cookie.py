# -*- coding: latin-1 -*-  # expect: COR002
CORS = True
