from corslint.rules.base import Example, Rule


class SyntaxErrorRule(Rule):
    """
    ## What it does
    Reports a file that mentions CORS but does not parse as Python, with the parser's
    line, column and message.

    ## Why is this bad?
    corslint reads configuration from the syntax tree. A file that does not parse cannot
    be checked, so any CORS problem in it would go unreported; the run goes on with the
    other files and exits non-zero.

    ## Fix safety
    There is no automatic fix: the syntax error has to be corrected by hand.

    ## References
    - [Python language reference: lexical analysis](https://docs.python.org/3/reference/lexical_analysis.html)
    """

    code = "COR001"
    name = "syntax-error"
    severity = "error"
    summary = "The file does not parse, so its CORS configuration could not be checked"
    frameworks = "all"
    invalid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI(
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    """,
        message="The file does not parse: '(' was never closed. corslint checked nothing in it", at=(4, 14))]
    valid = [Example("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware

        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])
    """)]
