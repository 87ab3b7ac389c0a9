"""Reporting lines, as far as the agency's enrolled people reveal them: each person's manager, and theirs.

A manager may not mentor anyone below them, nor be mentored by anyone below them: that is line management, not
mentoring. Managers named but not enrolled end the chain where the agency's data ends. A chain that loops (bad
data) stops where it meets itself instead of running forever.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hierarchy:
    managers: Mapping[str, str | None] = field(default_factory=dict)  # person id → their manager's person id

    def above(self, person_id: str, first_manager: str | None = None) -> tuple[str, ...]:
        """Everyone above the person, nearest first. `first_manager` stands in where the map does not know them."""
        chain: list[str] = []
        seen = {person_id}
        manager = self.managers.get(person_id, first_manager)
        while manager is not None and manager not in seen:
            chain.append(manager)
            seen.add(manager)
            manager = self.managers.get(manager)
        return tuple(chain)

    def in_line(self, mentor_id: str, mentee_id: str, mentor_manager: str | None, mentee_manager: str | None) -> bool:
        """Is either of the two above the other?"""
        return mentor_id in self.above(mentee_id, mentee_manager) or mentee_id in self.above(mentor_id, mentor_manager)
