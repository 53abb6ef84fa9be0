import json
import re

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    """The page's one JSON-LD block, parsed (fails when missing or invalid)."""
    blocks = LD_JSON.findall(html)
    assert len(blocks) == 1, f"expected one JSON-LD block, found {len(blocks)}"
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data
