"""The teacher's workspace under /teach/: one namespace, two areas."""

from .views.teach import authoring_urls, classes_urls

app_name = "teach"

urlpatterns = authoring_urls.urlpatterns + classes_urls.urlpatterns
