from django.conf import settings
from django.tasks import task


@task
def send_bulletin(mailing_id):
    """Send a published bulletin to its confirmed subscribers (see news.subscriptions.deliver)."""
    from news.models import BulletinMailing
    from news.subscriptions import deliver

    mailing = BulletinMailing.objects.select_related("bulletin").get(pk=mailing_id)
    site = mailing.bulletin.get_site()
    deliver(mailing, site.root_url if site else settings.WAGTAILADMIN_BASE_URL)
    return mailing.deliveries.filter(status="sent").count()
