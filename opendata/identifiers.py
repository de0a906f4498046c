"""Stable HSDS identifiers.

Services, categories, audiences and rooms carry their own ``uuid`` column (random, assigned once,
never changed by a rename). Everything HSDS needs that has no row of its own — the organizations,
the two taxonomies and their terms, schedules, phones, addresses, required documents, attributes and
service-at-location links — gets a name-based UUID (RFC 4122 version 5) from a fixed namespace, its
owner's uuid and a role string: the same owner and role always give the same id, in every response
and every download.
"""

import uuid

# Fixed for good: changing it would change every derived id that consumers have stored.
NAMESPACE = uuid.UUID("71972776-a259-484b-bb95-826703d1886a")


def derived(owner: uuid.UUID | str, role: str) -> str:
    """The id of the object playing ``role`` for ``owner`` (a uuid, or a fixed key for constants)."""
    return str(uuid.uuid5(NAMESPACE, f"{owner}:{role}"))


def constant(key: str) -> str:
    """The id of an object defined in code (an organization, a taxonomy)."""
    return derived(NAMESPACE, key)


def parse(value: str) -> uuid.UUID | None:
    """``value`` as a UUID, or None when it is not one (never raises)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
