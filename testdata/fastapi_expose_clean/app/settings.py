EXPOSED_HEADERS = ["X-Total-Count", "Content-Disposition", "X-RateLimit-Remaining"]
