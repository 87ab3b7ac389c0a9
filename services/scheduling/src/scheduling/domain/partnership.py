"""A partnership as scheduling knows it: a matched pair, and who may act on its meetings."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Partnership:
    pair_id: str
    program_id: str
    agency_id: str
    mentor_id: str
    mentee_id: str

    def is_member(self, person_id: str) -> bool:
        return person_id in (self.mentor_id, self.mentee_id)
