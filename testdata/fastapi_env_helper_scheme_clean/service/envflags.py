import os

TRUE_WORDS = ("1", "true", "yes", "on")


def is_env_var_true(name):
    """Whether a flag variable is set to a true word."""
    return os.environ.get(name, "false").strip().lower() in TRUE_WORDS
