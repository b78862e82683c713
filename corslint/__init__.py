"""corslint: find and fix CORS misconfigurations in Python web projects, without running them."""

__version__ = "0.1.0"
