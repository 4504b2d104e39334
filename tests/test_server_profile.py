"""The benchmark's profile of the dev server (issue 20): the stripped `temporal` binary's
functions are named from its own table, and what the profile looks for is in this server."""

import re

import pytest

from bench.server_profile import ACTIVITIES, KERNEL, RESOURCES, REST, go_functions, split, temporal_binary


@pytest.fixture(scope="module")
def functions() -> tuple[list[int], list[str], int]:
    return go_functions(temporal_binary())


def test_every_part_the_profile_looks_for_is_a_function_of_this_server(
    functions: tuple[list[int], list[str], int],
) -> None:
    """A server upgrade that renamed them would put the samples in "the rest", silently."""
    addresses, names, _ = functions
    assert addresses == sorted(addresses) and len(names) > 100_000
    for label, pattern in [*ACTIVITIES, *RESOURCES]:
        assert any(re.search(pattern, name) for name in names), label


def test_an_address_inside_a_function_is_given_its_name(functions: tuple[list[int], list[str], int]) -> None:
    addresses, names, _ = functions
    upsert = next(k for k, name in enumerate(names) if name.endswith(").processUpsertExecution"))
    assert addresses[upsert] < addresses[upsert + 1]
    assert "visibilityQueueTaskExecutor" in names[upsert]


def test_samples_split_by_what_the_server_did_and_where_the_cpu_went() -> None:
    upsert = "go.temporal.io/server/service/history.(*visibilityQueueTaskExecutor).processUpsertExecution"
    chains = [
        ["modernc.org/sqlite/lib._yy_reduce", "modernc.org/sqlite/lib._sqlite3Prepare", upsert],
        ["[kernel]", "runtime.futex", upsert],
        ["runtime.mallocgc", "google.golang.org/grpc.(*Server).handleStream"],
        ["runtime.gcDrain", "runtime.gcBgMarkWorker"],
    ]
    doing, spent = split(chains)
    assert doing["visibility: search attributes upserted"] == 0.5
    assert doing[REST] == 0.5
    assert spent["SQLite: parsing statements"] == 0.25
    assert spent[KERNEL] == 0.25
    assert spent["Go's memory (allocation, garbage collection)"] == 0.5
    assert sum(doing.values()) == pytest.approx(1) and sum(spent.values()) == pytest.approx(1)
