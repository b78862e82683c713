from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class CorsDefaults:
    hosts: list = field(default_factory=lambda: ["shelf.example.com", "*.shelf-preview.example.com"])
    days: int = 2

    def __post_init__(self):
        self.origins = [f"https://{host}" for host in self.hosts]  # expect: COR204

    @cached_property
    def max_age(self) -> int:
        return self.days * 24 * 60 * 60
