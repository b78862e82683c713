"""One JSON object a line (the fields of the json format)."""
from __future__ import annotations

import json

from corslint.output.json_format import as_dict


def render(findings, context=None) -> str:
    return "".join(json.dumps(as_dict(f), ensure_ascii=False) + "\n" for f in findings)
