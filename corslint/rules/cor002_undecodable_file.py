from corslint.rules.base import Example, Rule


class UndecodableFile(Rule):
    """
    ## What it does
    Reports a Python file whose bytes cannot be decoded: not valid UTF-8 without a
    PEP 263 coding cookie, an unknown or conflicting cookie (a UTF-8 byte-order mark
    with a cookie naming another encoding), or NUL bytes (a binary file named `.py`).

    ## Why is this bad?
    Python itself refuses such a file, and corslint cannot read the configuration in it.
    The run goes on with the other files and exits non-zero.

    ## Fix safety
    There is no automatic fix: re-save the file as UTF-8, or declare its encoding with a
    coding cookie on the first or second line (`# -*- coding: latin-1 -*-`).

    ## References
    - [PEP 263: Defining Python Source Code Encodings](https://peps.python.org/pep-0263/)
    """

    code = "COR002"
    name = "undecodable-file"
    severity = "error"
    summary = "The file cannot be decoded as Python source"
    frameworks = "all"
    invalid = [Example(b"# settings (saved as Latin-1, no coding cookie)\n"
                       b"CORS_ALLOWED_ORIGINS = ['https://caf\xe9.example.com']\n", filename="settings.py",
        message='The file cannot be decoded', at=(1, 1))]
    valid = [Example("""
        # -*- coding: utf-8 -*-
        CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    """, filename="settings.py")]
