import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laocai.settings.dev")
application = get_wsgi_application()

# Load the URL configuration (and with it every view, form and serializer module) now,
# then freeze everything loaded: some 200,000 objects that live as long as the process.
# Otherwise each full garbage collection walks them all and stalls every thread of the
# worker (bench/RESULTS.md, "Write path").
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 (imports the URLconf)
gc.freeze()
