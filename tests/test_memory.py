"""servicestories.memory: the freed heap goes back to the system."""

import pytest

from servicestories import memory


def _rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * 4096 / 2**20


@pytest.mark.skipif(memory._malloc_trim() is None, reason="no malloc_trim in this C library")
def test_give_back_returns_a_fragmented_heap():
    # 200,000 blocks of 1 KiB (above Python's small-object allocator, below malloc's mmap threshold: the heap);
    # every hundredth is kept, so the freed blocks lie between live ones and the heap cannot shrink from its top
    blocks = [bytearray(1024) for _ in range(200_000)]
    kept = blocks[::100]
    del blocks
    before = _rss_mib()
    assert memory.give_back() is True
    assert before - _rss_mib() > 100  # of the ~200 MiB freed
    assert len(kept) == 2_000
