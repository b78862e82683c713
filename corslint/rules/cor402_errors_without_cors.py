from corslint.rules.base import Example, Rule


class ErrorsWithoutCors(Rule):
    """
    ## What it does
    Reports an exception handler for `500` or `Exception` in a Starlette or FastAPI
    application whose `CORSMiddleware` is added as ordinary middleware.

    ## Why is this bad?
    Starlette moves handlers for `500` and `Exception` into `ServerErrorMiddleware`,
    which always sits outside every user middleware, `CORSMiddleware` included. The
    error responses such a handler builds therefore carry no CORS headers, and the
    browser shows the frontend a CORS error instead of the error the handler took care
    to return. Wrapping the whole application (`app = CORSMiddleware(app=app, ...)`, as
    Starlette's documentation suggests) puts CORS outside the error handling too.

    ## Fix safety
    No automatic fix: wrapping the application changes how it is served.

    ## References
    - [Starlette: CORSMiddleware global enforcement](https://www.starlette.io/middleware/#corsmiddleware-global-enforcement)
    - [Kludex/starlette#1175](https://github.com/Kludex/starlette/issues/1175)
    - [fastapi/fastapi#775](https://github.com/fastapi/fastapi/issues/775)
    """

    code = "COR402"
    ecosystem = ('Ecosystem check: 2 findings, both acceptable (right, but the bundled frontends are same-origin). On by default at info severity: advice, not a defect.')
    name = "errors-without-cors"
    severity = "info"
    summary = "A 500 / Exception handler's responses bypass CORSMiddleware"
    frameworks = "S"

    invalid = [Example("""
        from fastapi import FastAPI, Request
        from fastapi.middleware.cors import CORSMiddleware
        from fastapi.responses import JSONResponse

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])


        @app.exception_handler(Exception)
        async def crash(request: Request, exc: Exception):
            return JSONResponse({"detail": "internal error"}, status_code=500)
    """,
        message="This handler for 500 / Exception runs in Starlette's ServerErrorMiddleware", at=(9, 1))]
    valid = [Example("""
        from fastapi import FastAPI, Request
        from fastapi.middleware.cors import CORSMiddleware
        from fastapi.responses import JSONResponse

        api = FastAPI()


        @api.exception_handler(Exception)
        async def crash(request: Request, exc: Exception):
            return JSONResponse({"detail": "internal error"}, status_code=500)


        app = CORSMiddleware(app=api, allow_origins=["https://app.example.com"])
    """)]

    def check(self, policy):
        placement = policy.placement
        if placement is None or placement.wraps_app or policy.framework != "starlette":
            return
        for span in placement.error_handlers:
            yield self.finding(
                span,
                f"This handler for 500 / Exception runs in Starlette's ServerErrorMiddleware, outside "
                f"{policy.label}, so its responses carry no CORS headers and the "
                f"browser reports a CORS error instead; wrap the app: app = CORSMiddleware(app=app, ...).",
            )
