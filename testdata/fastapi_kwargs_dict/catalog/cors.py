import os

DAY = 60 * 60 * 24
PREFLIGHT_CACHE = DAY * 14
DOMAIN = "example\\.com"

opts = dict(
    allow_origin_regex=r"https://.*\.%s.*" % DOMAIN,  # expect: COR203
    allow_credentials=True,
    max_age=PREFLIGHT_CACHE,  # expect: COR305
)
partner_opts = {**opts, "allow_origins": ["https://{}.example.org".format(name)
                                          for name in ("acme", "globex")] + ["http://staging.example.org"]}  # expect: COR106
if os.environ.get("CATALOG_STAGE") == "staging":
    partner_opts["allow_origins"] = ["*"]  # expect: COR101
