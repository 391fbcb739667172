from djwire.testing import LiveViewTestClient
from tests.testapp.views import CounterView, ItemsView


def test_counter_round_trip():
    with LiveViewTestClient(CounterView) as client:
        reply = client.mount()
        print(client.http_html if hasattr(client, "http_html") else "")
        print(reply)
        reply = client.send_event("increment", by=2)
        print(reply)
        assert client.view.count == 2
        assert '<b id="count">2</b>' in client.html()


def test_items():
    with LiveViewTestClient(ItemsView) as client:
        print(client.mount(start=3))
        print(client._client.http_html)
        print(client.send_event("toggle", id=4))
        print(client.send_event("add", text="new", at=2))
        print(client.send_event("bump"))
        print(client.html())
