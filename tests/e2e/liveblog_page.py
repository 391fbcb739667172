"""What the liveblog's pages show, read alike from its two front ends (the Django template's
script at /blog/<id>/, the React app at /blog-react/<id>/): the same ids and classes."""

from playwright.sync_api import Page

# What Chromium logs while the server is down; the page reconnects by itself.
CONNECTION_NOISE = r"WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET"


def comments(page: Page) -> list[str]:
    """The comments' texts, in the page's order."""
    return page.locator("#comments li .text").all_text_contents()


def comment_id(page: Page, text: str) -> int:
    """The id of the comment that shows ``text``."""
    item = page.locator("#comments li", has_text=text)
    return int(item.get_attribute("id").removeprefix("comment-"))
