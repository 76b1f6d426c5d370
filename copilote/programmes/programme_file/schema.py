import copy
import json
from pathlib import Path

from copilote.programmes.programme_file.sections import sections

SCHEMA_PATH = Path(__file__).with_name("schema.json")
BASE_SCHEMA: dict = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def full_schema() -> dict:
    """The core schema with every registered section's schema added."""
    schema = copy.deepcopy(BASE_SCHEMA)
    for section in sections():
        schema["properties"][section.key] = section.schema
    return schema
