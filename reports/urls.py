from django.urls import path

from reports import views

urlpatterns = [
    path("bao-cao/<slug:slug>/<int:year>/", views.dashboard, name="dashboard"),
    path("bao-cao/<slug:slug>/<int:year>/gui/", views.submit, name="submit_year"),
    path("bao-cao/<slug:slug>/<int:year>/duyet/", views.accept, name="accept_year"),
    path("bao-cao/<slug:slug>/<int:year>/tra-lai/", views.return_for_changes, name="return_year"),
    path("bao-cao/<slug:slug>/<int:year>/mo-lai/", views.reopen, name="reopen_year"),
    path("danh-sach/<slug:kind>/", views.record_list, name="record_list"),
]
