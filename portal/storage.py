"""Private files: uploads that only the people with a right to them may read (a unit's evidence for
the DX index). They live under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so neither nginx nor
WhiteNoise ever serves them; a view that checks the reader's rights streams each one."""

from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage with no public address: asking for a file's URL is a mistake that
    would publish it, so it raises instead."""

    def url(self, name):
        raise ValueError(f"{name} is a private file: link to the view that checks the reader's rights")


def private_storage():
    """The storage of STORAGES["private"] (a callable, so settings decide where it lies)."""
    return storages["private"]
