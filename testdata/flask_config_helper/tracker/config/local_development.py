# Any local frontend port.
TRACKER_CORS_ALLOW_ORIGINS = [r"^https?:\/\/localhost:\d+$", r"^https?:\/\/*(.*)"]
