"""An oEmbed finder for tests: answers for YouTube URLs without any network access."""

from wagtail.embeds.finders.base import EmbedFinder


class FakeYouTubeFinder(EmbedFinder):
    def __init__(self, **options):
        pass

    def accept(self, url):
        return "youtube.com" in url

    def find_embed(self, url, max_width=None, max_height=None):
        video_id = url.rsplit("=", 1)[-1]
        return {
            "title": "Video thử",
            "type": "video",
            "html": f'<iframe src="https://www.youtube.com/embed/{video_id}" title="Video thử"></iframe>',
            "width": 640,
            "height": 360,
        }
