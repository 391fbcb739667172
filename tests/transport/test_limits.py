"""The event-rate bucket, on a clock the test moves."""

from djwire.transport.limits import TokenBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_events_are_refused_until_tokens_refill():
    clock = FakeClock()
    bucket = TokenBucket(rate=2, burst=3, clock=clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.now += 0.25  # half a token
    assert not bucket.take()
    clock.now += 0.25  # one token
    assert bucket.take() and not bucket.take()


def test_an_idle_bucket_refills_to_its_burst_not_beyond():
    clock = FakeClock()
    bucket = TokenBucket(rate=10, burst=2, clock=clock)
    assert bucket.take() and bucket.take() and not bucket.take()
    clock.now += 60  # a minute idle: 600 tokens' worth, capped at the burst
    assert [bucket.take() for _ in range(3)] == [True, True, False]
