from .base import *  # noqa: F403
from .cors import *  # noqa: F403
