"""The S3 storage for shared media: files stay private in the bucket.

Readers never see a bucket URL: the CSP allows images from 'self' only, so url() points
at the site's own /media/ view (images.views.media), which reads the object through
this storage on whichever instance answers.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    default_acl = None  # the bucket's own (private) policy; never public-read
    querystring_auth = False  # and no signed links: url() below is the site's
    file_overwrite = False  # a taken name gets a suffix, as on the filesystem

    def url(self, name, *args, **kwargs):
        return settings.MEDIA_URL + filepath_to_uri(name)
