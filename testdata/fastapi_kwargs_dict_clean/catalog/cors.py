DAY = 60 * 60 * 24
PREFLIGHT_CACHE = DAY // 12
DOMAIN = "example\\.com"

opts = dict(
    allow_origin_regex=r"https://[a-z0-9-]+\.%s" % DOMAIN,
    allow_credentials=True,
    max_age=PREFLIGHT_CACHE,
)
partner_opts = {**opts, "allow_origins": ["https://{}.example.org".format(name) for name in ("acme", "globex")]}
