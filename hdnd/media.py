"""Attachments in an S3-compatible bucket (MEDIA_S3_BUCKET; docs/deploy.md, "Beyond one machine").

Imported only when that is set: boto3 is not loaded otherwise."""

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from councils.attachments import URL_PREFIX


class S3AttachmentStorage(S3Storage):
    """django-storages' S3 backend, whose URLs point at the view that checks who may read the
    record (/tep/<name>), never at the bucket: no signed link to pass around, the bucket stays
    private, and the view reads the file through the storage (`open`) as it does on disk."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return URL_PREFIX + filepath_to_uri(name)
