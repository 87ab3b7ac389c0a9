"""The pairs of a programme, read from matching's own log of PairMatched facts (the one source of truth)."""

from typing import Any

from mentoring_runtime.event_log import EventLog


async def pairs_of_program(
    event_log: EventLog, agency_id: str, program_id: str, **filters: str
) -> list[dict[str, Any]]:
    """PairMatched payloads of the programme, oldest first; `filters` narrow by payload field (run_id=...)."""
    facts = await event_log.facts("PairMatched", agency_id, program_id=program_id, **filters)
    return [fact.payload for fact in facts]
