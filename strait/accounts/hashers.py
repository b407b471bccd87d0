from django.contrib.auth.hashers import Argon2PasswordHasher


class StraitArgon2idHasher(Argon2PasswordHasher):
    """Argon2id with 64 MiB memory (AUTH-05 asks for at least 46 MiB), 3 passes."""

    memory_cost = 64 * 1024  # KiB
    time_cost = 3
    parallelism = 2
