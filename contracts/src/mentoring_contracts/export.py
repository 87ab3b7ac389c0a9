"""Generate the committed JSON Schema and AsyncAPI documents from the models.

`python -m mentoring_contracts.export DIR` writes them; a contract test fails when the committed copies drift.
"""

import json
import sys
from pathlib import Path
from typing import Any

from mentoring_contracts.envelope import Command, Envelope, Event
from mentoring_contracts.registry import EVENTS
from mentoring_contracts.topics import TOPICS, Topic, dead_letter_topic

ASYNCAPI_VERSION = "3.0.0"
CONTRACT_VERSION = "1.0.0"


def envelope_schema(event: type) -> dict[str, Any]:
    schema = Envelope[event].model_json_schema()  # type: ignore[valid-type]
    schema["title"] = f"{event.event_type} v{event.event_version}"
    schema["description"] = (event.__doc__ or event.event_type).strip()
    schema["properties"]["event_type"]["const"] = event.event_type
    schema["properties"]["event_version"]["const"] = event.event_version
    return schema


def json_schemas() -> dict[str, dict[str, Any]]:
    return {f"{cls.event_type}.v{cls.event_version}.schema.json": envelope_schema(cls) for cls in EVENTS.values()}


def _described(topic: Topic, events: list[type[Event]]) -> str:
    dead_letters = f"dead letters go to {dead_letter_topic(topic.name)}"
    if events and all(issubclass(cls, Command) for cls in events):
        return (
            f"Commands {topic.producer} sends to its own instances, one instance at a time per key; "
            f"not for integrators to read or write; {dead_letters}."
        )
    return f"Events published by {topic.producer}; {dead_letters}."


def asyncapi() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in TOPICS:
        events = [cls for cls in EVENTS.values() if cls.topic == topic.name]
        channel_id = topic.name.replace(".", "_")
        channel_messages = {}
        for cls in events:
            message_id = f"{cls.event_type}_v{cls.event_version}"
            messages[message_id] = {
                "name": cls.event_type,
                "title": f"{cls.event_type} v{cls.event_version}",
                "contentType": "application/json",
                "payload": envelope_schema(cls),
                "bindings": {"kafka": {"key": {"type": "string", "description": "aggregate_id"}}},
            }
            channel_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}
        channels[channel_id] = {
            "address": topic.name,
            "description": _described(topic, events),
            "messages": channel_messages,
            "bindings": {"kafka": {"partitions": topic.partitions}},
        }
        if channel_messages:
            operations[f"publish_{channel_id}"] = {
                "action": "send",
                "channel": {"$ref": f"#/channels/{channel_id}"},
                "messages": [{"$ref": f"#/channels/{channel_id}/messages/{m}"} for m in channel_messages],
            }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "Mentoring platform events",
            "version": CONTRACT_VERSION,
            "description": "Partnership and programme events for integrators. Identifiers and facts only.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def documents() -> dict[str, str]:
    """File name → content, exactly as committed."""
    files = {name: schema for name, schema in json_schemas().items()}
    files["asyncapi.json"] = asyncapi()
    return {name: json.dumps(doc, indent=2, sort_keys=True) + "\n" for name, doc in files.items()}


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "contracts/schemas")
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*.json"):
        stale.unlink()
    for name, text in documents().items():
        (target / name).write_text(text)
    print(f"wrote {len(documents())} documents to {target}")


if __name__ == "__main__":
    main()
