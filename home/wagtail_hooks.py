from wagtail import hooks

from home.chrome import page_chrome

hooks.register("portal_page_chrome", page_chrome)


@hooks.register("register_seed_content", order=10)
def seed_content():
    """Home's seed content comes first: every app's index page lives under the home page."""
    from home import seed

    return seed
