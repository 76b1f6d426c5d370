import json
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("schema.json")
SCHEMA: dict = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
