"""The database cache table the forum's rate limits share across processes."""

from django.db import models


class SharedCacheEntry(models.Model):
    """The table of Django's database cache (the "shared" cache alias when there is no Redis): rate
    limit counters every worker process sees. Created by a migration, so that no deployment step
    (createcachetable) can be forgotten; Django's DatabaseCache reads and writes it directly."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "portal_shared_cache"

    def __str__(self):
        return self.cache_key
