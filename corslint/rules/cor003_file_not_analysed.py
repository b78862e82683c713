from corslint.rules.base import Example, Rule


class FileNotAnalysed(Rule):
    """
    ## What it does
    Reports a module that mentions CORS but that corslint did not check, or did not
    check to the end: a file larger than corslint parses (more than 4 MB: generated
    data, a vendored bundle), expressions nested deeper than the parser can follow, or
    an analysis that ran past the time budget of one module (`analysis-time-budget` in
    `[tool.corslint]`, 60 seconds unless configured). The message names the stage the
    analysis was in.

    ## Why is this bad?
    A CORS problem in that module would go unreported. The finding says so instead of
    staying silent, but it does not change the exit code: one generated file must not
    fail every pre-commit run. Findings in the module that were found before the budget
    ran out are still reported.

    ## Fix safety
    There is no automatic fix. Exclude generated files (`extend-exclude` in
    `[tool.corslint]`), or raise `analysis-time-budget` for a module that really is that
    large.

    ## References
    - [corslint's limits](https://github.com/corslint/corslint/blob/main/docs/limits.md)
    """

    code = "COR003"
    name = "file-not-analysed"
    severity = "info"
    summary = "A module was not checked (too large, too deep, or over the time budget)"
    frameworks = "all"
    # Not a finding about the code being right or wrong: it never changes the exit code.
    counts_for_exit_code = False
    invalid = [Example("from fastapi.middleware.cors import CORSMiddleware\n\nTOTAL = 1" + " + 1" * 400 + "\n",
                       message="The file is nested too deeply to analyse safely", at=(1, 1))]
    valid = [Example("""
        from fastapi.middleware.cors import CORSMiddleware

        TOTAL = 1 + 1 + 1
    """)]
