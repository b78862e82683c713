from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class CorsDefaults:
    hosts: list = field(default_factory=lambda: ["shelf.example.com", "admin.shelf.example.com"])
    # Replaced in __post_init__ by the hosts above.
    origins: list = field(default_factory=lambda: ["*"])
    hours: int = 2

    def __post_init__(self):
        self.origins = [f"https://{host}" for host in self.hosts]

    @cached_property
    def max_age(self) -> int:
        return self.hours * 60 * 60
