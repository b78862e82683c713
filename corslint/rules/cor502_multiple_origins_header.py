from corslint.rules.base import Example, Rule
from corslint.rules.helpers import show, suffix


class MultipleOriginsHeader(Rule):
    """
    ## What it does
    Reports an `Access-Control-Allow-Origin` value that holds several origins, such as
    `"https://app.example.com, https://admin.example.com"`,
    `", ".join(ALLOWED_ORIGINS)`, or origins separated by spaces.

    ## Why is this bad?
    The header holds exactly one origin, `null` or `*`. Browsers compare the whole value
    with the requesting origin, so a list never matches and every cross-origin request
    fails, for every listed origin.

    ## Fix safety
    No automatic fix: the code must pick the one requesting origin from the list (after
    checking it), which needs the request.

    ## References
    - [Fetch standard: Access-Control-Allow-Origin syntax](https://fetch.spec.whatwg.org/#http-new-header-syntax)
    - [MDN: Access-Control-Allow-Origin](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Allow-Origin)
    """

    code = "COR502"
    name = "multiple-origins-header"
    severity = "error"
    summary = "Several origins in one Access-Control-Allow-Origin value"
    frameworks = "H"

    invalid = [
        Example("""
            from django.http import JsonResponse

            ALLOWED_ORIGINS = ["https://app.example.com", "https://admin.example.com"]


            def status(request):
                response = JsonResponse({"status": "ok"})
                response["Access-Control-Allow-Origin"] = ", ".join(ALLOWED_ORIGINS)
                return response
        """,
        message="Access-Control-Allow-Origin is set to `https://app.example.com", at=(8, 5)),
    ]
    valid = [
        Example("""
            from django.http import JsonResponse
            from django.utils.cache import patch_vary_headers

            ALLOWED_ORIGINS = {"https://app.example.com", "https://admin.example.com"}


            def status(request):
                response = JsonResponse({"status": "ok"})
                origin = request.headers.get("Origin")
                if origin in ALLOWED_ORIGINS:
                    response["Access-Control-Allow-Origin"] = origin
                patch_vary_headers(response, ["Origin"])
                return response
        """),
    ]

    def check(self, policy):
        written = policy.written
        if written is None:
            return
        for write in written.origin_writes:
            value = write.value
            if write.source != "literal" or value is None:
                continue
            if value.kind == "str":
                text = value.data.strip()
                several = text.count("://") > 1 or ("," in text and "://" in text)
            else:
                several = value.kind in ("list", "tuple", "set")
            if not several:
                continue
            yield self.finding(
                write.span,
                f"Access-Control-Allow-Origin is set to {show(value, policy, policy.origins)}, several origins in one value, which "
                f"browsers never match, so every cross-origin request fails{suffix(value)}; send the one "
                f"requesting origin after checking it against the list, with `Vary: Origin`.",
            )
