"""Scheduling's rules, free of I/O: a partnership folded from its facts (`partnership`), its agreement, its
meetings logged and scheduled, how it ends, and the programme terms it keeps to."""
